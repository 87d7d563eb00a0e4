//! Colours live here and only here. `NO_COLOR` gives a monochrome theme that
//! marks things with bold, reverse and underline instead.

use ratatui::style::{Color, Modifier, Style};

/// The styles the panes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub title_bar: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub dim: Style,
    pub heading: Style,
    pub review: Style,
    pub warning: Style,
    pub overdue: Style,
    pub due: Style,
    pub matched: Style,
    pub changed: Style,
    pub key: Style,
    pub ok: Style,
}

impl Theme {
    pub fn dark() -> Self {
        Self {
            base: Style::default(),
            title_bar: Style::default().fg(Color::Black).bg(Color::Cyan),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default().fg(Color::Cyan),
            selected: Style::default()
                .bg(Color::Rgb(40, 50, 70))
                .add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::Gray),
            heading: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            review: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            warning: Style::default().fg(Color::LightRed),
            overdue: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            due: Style::default().fg(Color::LightBlue),
            matched: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            changed: Style::default()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
        }
    }

    pub fn light() -> Self {
        Self {
            base: Style::default(),
            title_bar: Style::default().fg(Color::White).bg(Color::Blue),
            border: Style::default().fg(Color::Gray),
            border_focused: Style::default().fg(Color::Blue),
            selected: Style::default()
                .bg(Color::Rgb(210, 225, 245))
                .add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            heading: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            review: Style::default()
                .fg(Color::Rgb(160, 90, 0))
                .add_modifier(Modifier::BOLD),
            warning: Style::default().fg(Color::Red),
            overdue: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            due: Style::default().fg(Color::Blue),
            matched: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            changed: Style::default()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD),
            key: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
        }
    }

    /// No colour at all, for `NO_COLOR`.
    pub fn mono() -> Self {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        Self {
            base: Style::default(),
            title_bar: Style::default().add_modifier(Modifier::REVERSED),
            border: Style::default(),
            border_focused: bold,
            selected: Style::default().add_modifier(Modifier::REVERSED),
            dim: Style::default(),
            heading: bold,
            review: bold,
            warning: bold,
            overdue: bold.add_modifier(Modifier::UNDERLINED),
            due: Style::default(),
            matched: Style::default().add_modifier(Modifier::UNDERLINED),
            changed: bold,
            key: bold,
            ok: Style::default(),
        }
    }

    /// The theme named in the config (`dark` by default), or mono under `NO_COLOR`.
    pub fn pick(name: Option<&str>, no_color: bool) -> Self {
        if no_color {
            return Self::mono();
        }
        match name.map(str::to_ascii_lowercase).as_deref() {
            Some("light") => Self::light(),
            _ => Self::dark(),
        }
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
