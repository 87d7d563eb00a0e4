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

/// The program and arguments that open `file` at `line` in `editor`
/// (`editor` may carry its own arguments, such as `code --wait`).
pub fn command(editor: &str, file: &Path, line: usize) -> (String, Vec<String>) {
    let mut words = editor.split_whitespace().map(str::to_string);
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
    (program, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_argument_forms() {
        let f = Path::new("/v/A.md");
        assert_eq!(
            command("nvim", f, 12),
            ("nvim".into(), vec!["+12".into(), "/v/A.md".into()])
        );
        assert_eq!(command("hx", f, 3).1, vec!["+3", "/v/A.md"]);
        assert_eq!(command("emacs -nw", f, 3).1, vec!["-nw", "+3", "/v/A.md"]);
        assert_eq!(command("code", f, 7).1, vec!["--wait", "-g", "/v/A.md:7"]);
        assert_eq!(choose(Some("kak")), "kak");
    }
}
