//! Driving the real `acct` binary in a pseudo-terminal and reading the screen back.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// A running `acct` in a pseudo-terminal, with a terminal emulator reading its output.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote.
    raw: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _state: tempfile::TempDir,
}

pub const WAIT: Duration = Duration::from_secs(20);

impl Pty {
    /// Starts `acct ARGS` on `vault`, with "today" fixed and no user config.
    pub fn spawn(vault: &Path, args: &[&str], cols: u16, rows: u16) -> Self {
        Self::spawn_with_env(vault, args, cols, rows, &[])
    }

    /// Like [`Pty::spawn`], with extra environment variables.
    pub fn spawn_with_env(
        vault: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let mut all = vec!["--vault", vault.to_str().unwrap()];
        all.extend_from_slice(args);
        Self::spawn_program(env!("CARGO_BIN_EXE_acct"), &all, vault, cols, rows, env)
    }

    /// Starts any program in a pseudo-terminal, in `cwd`, with the environment
    /// `acct` gets in these tests (today fixed, no user config) plus `env`.
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        cwd: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let vault = cwd;
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("ACCT_TODAY", "2026-11-24");
        // acct's own state (review points) goes to a folder of this run, and the
        // vault's history is its own git repository, never the project's.
        let state = tempfile::tempdir().expect("a state folder");
        cmd.env("ACCT_STATE_DIR", state.path());
        // Caches (parse cache, kept list) of this run only, never the developer's
        // or another test's.
        cmd.env("XDG_CACHE_HOME", state.path().join("cache"));
        if let Some(parent) = vault.parent() {
            cmd.env("GIT_CEILING_DIRECTORIES", parent);
        }
        cmd.env("ACCT_CONFIG", vault.join("no-such-config.toml"));
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("VISUAL");
        cmd.env_remove("EDITOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(vault);
        let child = pair.slave.spawn_command(cmd).expect("spawn the program");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        {
            let parser = parser.clone();
            let raw = raw.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    parser.lock().unwrap().process(&buf[..n]);
                    raw.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
        }
        Self {
            child,
            writer,
            parser,
            raw,
            _master: pair.master,
            _state: state,
        }
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(
            |s| s.contains(text),
            &format!("the screen to show {text:?}"),
        );
    }

    pub fn wait_until(&self, ok: impl Fn(&str) -> bool, what: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Types keys (raw bytes: "\x1b" is Esc, "\r" is Enter, "\t" is Tab).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let a lone Esc be read as Esc, not as the start of a sequence.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text one key at a time.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Waits for the program to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status.success();
            }
            if start.elapsed() > WAIT {
                let _ = self.child.kill();
                panic!("acct did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Whether the terminal was given back: main screen, cursor shown, mouse off.
    pub fn terminal_restored(&self) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        let mouse_off =
            text.rfind("\x1b[?1000l").unwrap_or(0) >= text.rfind("\x1b[?1000h").unwrap_or(0);
        !screen.alternate_screen() && !screen.hide_cursor() && mouse_off
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Copies a folder tree (for tests that write notes).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn fixture_vault() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault")
}

/// Waits until the wall clock is in a later second than every file written so far.
pub fn settle() {
    std::thread::sleep(Duration::from_millis(1100));
}

/// Sets a file's modification time.
pub fn set_mtime(path: &Path, when: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_times(std::fs::FileTimes::new().set_modified(when))
        .unwrap();
}
