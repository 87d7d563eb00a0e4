//! Choosing the editor and the argument form that opens a file at a line.

use std::path::Path;

/// `editor` from the config, else `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn choose(configured: Option<&str>) -> String {
    configured
        .map(str::to_string)
        .or_else(|| std::env::var("VISUAL").ok())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// An editor command that cannot be split into a program and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the editor command `{command}` has an unclosed quote (set $VISUAL, $EDITOR or `editor` in the config)"
)]
pub struct EditorCommandError {
    pub command: String,
}

/// The program and arguments that open `file` at `line` in `editor`.
///
/// `editor` is split as a POSIX shell splits words, so it may carry its own
/// arguments (`code --wait`) and a quoted program path with spaces
/// (`"/opt/My Editor/bin/ed" --wait`).
pub fn command(
    editor: &str,
    file: &Path,
    line: usize,
) -> Result<(String, Vec<String>), EditorCommandError> {
    let mut words = shell_words::split(editor)
        .map_err(|_| EditorCommandError {
            command: editor.to_string(),
        })?
        .into_iter();
    let program = words.next().unwrap_or_else(|| "vi".to_string());
    let mut args: Vec<String> = words.collect();
    let name = Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = file.display().to_string();
    match name.as_str() {
        "code" | "code-insiders" | "codium" | "cursor" => {
            if !args.iter().any(|a| a == "--wait" || a == "-w") {
                args.push("--wait".into());
            }
            args.push("-g".into());
            args.push(format!("{file}:{line}"));
        }
        "subl" | "zed" => args.push(format!("{file}:{line}")),
        // vim, nvim, helix, nano, emacs, kakoune, micro, vi all take +N.
        _ => {
            args.push(format!("+{line}"));
            args.push(file);
        }
    }
    Ok((program, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_argument_forms() {
        let f = Path::new("/v/A.md");
        assert_eq!(
            command("nvim", f, 12).unwrap(),
            ("nvim".into(), vec!["+12".into(), "/v/A.md".into()])
        );
        assert_eq!(command("hx", f, 3).unwrap().1, vec!["+3", "/v/A.md"]);
        assert_eq!(
            command("emacs -nw", f, 3).unwrap().1,
            vec!["-nw", "+3", "/v/A.md"]
        );
        assert_eq!(
            command("code", f, 7).unwrap().1,
            vec!["--wait", "-g", "/v/A.md:7"]
        );
        assert_eq!(choose(Some("kak")), "kak");
    }

    #[test]
    fn a_quoted_program_path_with_spaces_stays_one_word() {
        let f = Path::new("/v/My Notes/A.md");
        let (program, args) = command(r#""/opt/My Editor/bin/ed" --wait"#, f, 5).unwrap();
        assert_eq!(program, "/opt/My Editor/bin/ed");
        assert_eq!(args, vec!["--wait", "+5", "/v/My Notes/A.md"]);
        let (program, args) = command(r"/opt/My\ Code/bin/code -n", f, 9).unwrap();
        assert_eq!(program, "/opt/My Code/bin/code");
        assert_eq!(args, vec!["-n", "--wait", "-g", "/v/My Notes/A.md:9"]);
        let (_, args) = command("emacs --eval '(setq x 1)'", f, 2).unwrap();
        assert_eq!(args, vec!["--eval", "(setq x 1)", "+2", "/v/My Notes/A.md"]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_not_guessed() {
        let err = command(r#""/opt/My Editor/bin/ed --wait"#, Path::new("/v/A.md"), 1).unwrap_err();
        assert!(err.to_string().contains("unclosed quote"), "{err}");
        assert!(err.to_string().contains("/opt/My Editor"), "{err}");
    }
}
