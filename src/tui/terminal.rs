//! The terminal itself: entering and leaving raw mode and the alternate
//! screen, and the threads that turn terminal input and signals into events.

use std::io::{Stdout, stdout};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::Context;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::Event;

pub(super) type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as it was: also called from the panic hook.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

pub(super) fn init_terminal() -> anyhow::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("cannot enter the alternate screen")?;
    Terminal::new(CrosstermBackend::new(stdout())).context("cannot draw on this terminal")
}

/// Pauses the input thread while an editor owns the terminal.
#[derive(Clone, Default)]
pub(super) struct InputGate(Arc<(Mutex<bool>, Condvar)>);

impl InputGate {
    pub(super) fn set_paused(&self, paused: bool) {
        let (lock, cvar) = &*self.0;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = paused;
        cvar.notify_all();
    }

    fn wait_while_paused(&self) {
        let (lock, cvar) = &*self.0;
        let mut paused = lock.lock().unwrap_or_else(|e| e.into_inner());
        while *paused {
            paused = cvar.wait(paused).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Reads terminal input on its own thread. It wakes twice a second to notice a
/// pause (an editor taking the terminal over), which costs no measurable CPU.
pub(super) fn spawn_input(tx: Sender<Event>, gate: InputGate) {
    std::thread::spawn(move || {
        loop {
            gate.wait_while_paused();
            match event::poll(Duration::from_millis(500)) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(Event::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
        }
    });
}

pub(super) fn spawn_signals(tx: Sender<Event>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Event::Terminate);
            }
        });
    }
}
