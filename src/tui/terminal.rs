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

/// Takes the terminal over: raw mode, the alternate screen, mouse capture. The
/// panic hook puts it back, so a crash never leaves the shell unusable.
pub(super) fn init_terminal() -> anyhow::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enter_terminal()
}

/// The one way into the dashboard's terminal state, at start and after a hand-off.
fn enter_terminal() -> anyhow::Result<Term> {
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("cannot enter the alternate screen")?;
    // A fresh terminal redraws everything (Terminal::clear would query the cursor
    // position, which some terminals never answer).
    Terminal::new(CrosstermBackend::new(stdout())).context("cannot draw on this terminal")
}

/// Lends the terminal to another program (an editor) while `run` runs: the input
/// thread stops reading first so the program gets every key, the terminal is put
/// back as the program expects it, and taken over again afterwards.
pub(super) fn hand_off<T>(
    terminal: &mut Term,
    gate: &InputGate,
    run: impl FnOnce() -> T,
) -> anyhow::Result<T> {
    gate.pause();
    restore_terminal();
    let out = run();
    let entered = enter_terminal();
    // Input resumes even when the terminal could not be taken back, so the error
    // reaches the loop instead of a thread parked for good.
    gate.resume();
    *terminal = entered?;
    Ok(out)
}

/// Pauses the input thread while an editor owns the terminal.
#[derive(Clone, Default)]
pub(super) struct InputGate(Arc<(Mutex<GateState>, Condvar)>);

#[derive(Default)]
struct GateState {
    /// The shell wants the terminal's input for another program.
    paused: bool,
    /// The input thread has stopped reading.
    parked: bool,
}

impl InputGate {
    /// Stops the input thread reading and waits (at most one poll interval) until it
    /// has, so a program started next gets every key typed.
    fn pause(&self) {
        let (lock, cvar) = &*self.0;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        state.paused = true;
        let deadline = std::time::Instant::now() + POLL + Duration::from_millis(100);
        while !state.parked {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            state = cvar
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn resume(&self) {
        let (lock, cvar) = &*self.0;
        lock.lock().unwrap_or_else(|e| e.into_inner()).paused = false;
        cvar.notify_all();
    }

    fn wait_while_paused(&self) {
        let (lock, cvar) = &*self.0;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        while state.paused {
            state.parked = true;
            cvar.notify_all();
            state = cvar.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.parked = false;
    }
}

/// How long the input thread waits for a key before it looks at the gate again.
const POLL: Duration = Duration::from_millis(500);

/// Reads terminal input on its own thread. It wakes twice a second to notice a
/// pause (an editor taking the terminal over), which costs no measurable CPU.
pub(super) fn spawn_input(tx: Sender<Event>, gate: InputGate) {
    std::thread::spawn(move || {
        loop {
            gate.wait_while_paused();
            match event::poll(POLL) {
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

/// Stops acct until the shell continues it (Ctrl-Z, `kill -TSTP`): the terminal
/// is put back for the shell first and taken over again on `fg`.
pub(super) fn suspend(terminal: &mut Term, gate: &InputGate) -> anyhow::Result<()> {
    hand_off(terminal, gate, || {
        // The default action of SIGTSTP stops the process; it returns on SIGCONT.
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    })
}

/// Paints the whole screen again on the next draw (after a stop and `fg`, the
/// screen holds whatever the shell left there). A fresh terminal forgets what
/// it drew before; `Terminal::clear` is not used, as it asks the terminal for
/// the cursor position, which some never answer.
pub(super) fn repaint(terminal: &mut Term) -> anyhow::Result<()> {
    execute!(
        stdout(),
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )
    .context("cannot clear the screen")?;
    *terminal =
        Terminal::new(CrosstermBackend::new(stdout())).context("cannot draw on this terminal")?;
    Ok(())
}

/// Turns signals into events: SIGTERM, SIGHUP and SIGINT quit (the terminal is
/// restored on the way out, as with `q`), SIGTSTP suspends, SIGCONT redraws
/// (after a stop and `fg` the screen is whatever the shell left there).
pub(super) fn spawn_signals(tx: Sender<Event>) {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    if let Ok(mut signals) =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])
    {
        std::thread::spawn(move || {
            for signal in signals.forever() {
                let event = match signal {
                    SIGTSTP => Event::Suspend,
                    SIGCONT => Event::Redraw,
                    _ => Event::Terminate,
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        });
    }
}
