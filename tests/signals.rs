//! Signals and job control, driven as a person would: the real binary in a
//! pseudo-terminal, under an interactive shell where job control matters.
//! The terminal must be the person's again whenever acct is not running in it.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Pty, fixture_vault};

fn kill(signal: &str, pid: u32) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {signal} {pid}");
}

#[test]
fn sigint_from_outside_quits_like_q_and_restores_the_terminal() {
    let mut pty = Pty::spawn(&fixture_vault(), &[], 100, 30);
    pty.wait_for("Accounts (5)");
    kill("-INT", pty.pid().unwrap());
    assert!(pty.wait_exit(), "acct exits with success on SIGINT");
    assert!(pty.terminal_restored(), "screen:\n{}", pty.screen());
}

/// The process ids of `parent`'s children.
fn children(parent: u32) -> Vec<u32> {
    let Ok(text) = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")) else {
        return Vec::new();
    };
    text.split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// A process's state letter from /proc (`T` stopped, `S` sleeping …).
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

fn wait_for_state(pid: u32, want: char) {
    let start = Instant::now();
    while state(pid) != Some(want) {
        assert!(
            start.elapsed() < common::WAIT,
            "process {pid} never reached state {want} (is {:?})",
            state(pid)
        );
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// acct run from an interactive shell, as a person starts it.
fn acct_under_a_shell() -> (Pty, u32) {
    let vault = fixture_vault();
    let acct = env!("CARGO_BIN_EXE_acct");
    let mut pty = Pty::spawn_program(
        "bash",
        &["--norc", "--noprofile", "-i"],
        &vault,
        100,
        30,
        &[("PS1", "shell$ "), ("HISTFILE", "/dev/null")],
    );
    pty.wait_for("shell$");
    pty.send(&format!("'{acct}' --vault '{}'\r", vault.display()));
    pty.wait_for("Accounts (5)");
    let shell = pty.pid().unwrap();
    let start = Instant::now();
    let acct_pid = loop {
        if let Some(&pid) = children(shell).first() {
            break pid;
        }
        assert!(
            start.elapsed() < common::WAIT,
            "no acct process under the shell"
        );
        std::thread::sleep(Duration::from_millis(40));
    };
    (pty, acct_pid)
}

fn suspend_then_fg(suspend: impl FnOnce(&mut Pty, u32)) {
    let (mut pty, acct) = acct_under_a_shell();
    suspend(&mut pty, acct);
    wait_for_state(acct, 'T');
    // The shell has its terminal back: main screen, cursor shown, mouse off.
    pty.wait_for("Stopped");
    pty.wait_until(|_| pty.terminal_restored(), "the terminal to be restored");
    pty.send("fg\r");
    // acct takes the terminal again and draws everything, without a key pressed.
    pty.wait_until(
        |s| s.contains("Accounts (5)") && !s.contains("Stopped"),
        "acct to redraw after fg",
    );
    pty.send("q");
    pty.wait_for("shell$");
    pty.wait_until(|_| pty.terminal_restored(), "the terminal restored after q");
    pty.send("exit\r");
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_acct_back() {
    suspend_then_fg(|pty, _| pty.send("\x1a"));
}

#[test]
fn sigtstp_from_outside_suspends_with_the_terminal_restored() {
    suspend_then_fg(|_, acct| kill("-TSTP", acct));
}
