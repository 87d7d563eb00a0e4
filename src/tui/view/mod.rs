//! Drawing: every pane borrows the state it shows and changes nothing.

pub mod layout;
pub mod theme;
mod wrap;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Tabs, Widget};
use unicode_width::UnicodeWidthStr;

use crate::model::dashboard::{Dashboard, OpenTask};
use crate::text::sanitize;

use self::layout::{Areas, MIN_HEIGHT, MIN_WIDTH};
use self::theme::Theme;
use self::wrap::wrap_spans;
use crate::tui::app::{App, DETAIL_TABS, LiveState, Mode, Pane, task_groups};

/// Draws one frame.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let Some(areas) = Areas::compute(area, app.details, &|p, w| wanted_rows(app, p, w)) else {
        TooSmall { theme }.render(area, buf);
        return;
    };
    TitleBar { app, theme }.render(areas.title, buf);
    HintBar { app, theme }.render(areas.hints, buf);
    if let Some(r) = areas.list {
        AccountList { app, theme }.render(r, buf);
    }
    let pane = |p: Pane,
                title: String,
                lines: Vec<Line<'static>>,
                empty: &'static str,
                buf: &mut Buffer| {
        if let Some(r) = areas.of(p) {
            TextPane {
                app,
                theme,
                pane: p,
                title,
                lines,
                empty,
            }
            .render(r, buf);
        }
    };
    match &app.dashboard {
        Some(d) if app.details => {
            if let Some(r) = areas.details {
                DetailsPane {
                    app,
                    theme,
                    dashboard: d,
                }
                .render(r, buf);
            }
        }
        Some(d) => {
            let w = |p: Pane| {
                areas
                    .of(p)
                    .map_or(40, |r| r.width.saturating_sub(2) as usize)
            };
            pane(
                Pane::Status,
                format!("Status · {}", sanitize(&d.title)),
                status_lines(d, w(Pane::Status), theme),
                "",
                buf,
            );
            pane(
                Pane::Blockers,
                format!("Blockers ({})", d.blockers.len()),
                bullets(&d.blockers, "• ", w(Pane::Blockers), theme.base),
                "no blockers",
                buf,
            );
            pane(
                Pane::Decisions,
                format!("Decisions ({})", d.decisions.len()),
                bullets(&d.decisions, "• ", w(Pane::Decisions), theme.base),
                "no decisions",
                buf,
            );
            if let Some(r) = areas.tasks {
                TasksPane { app, theme }.render(r, buf);
            }
            pane(
                Pane::Recent,
                format!("Recent context ({})", d.recent_context.len()),
                recent_lines(d, w(Pane::Recent), theme),
                "no recent context",
                buf,
            );
        }
        None => {
            let r = Rect {
                x: areas.title.x,
                y: areas.title.y + 1,
                width: areas.title.width,
                height: areas.hints.y - areas.title.y - 1,
            };
            let r = areas.list.map_or(r, |l| {
                if l.y == r.y {
                    Rect {
                        x: l.right(),
                        width: r.width - l.width,
                        ..r
                    }
                } else {
                    Rect {
                        y: l.bottom(),
                        height: r.bottom() - l.bottom(),
                        ..r
                    }
                }
            });
            let text = if app.loading.is_some() {
                "Reading the vault…"
            } else if app.visible.is_empty() {
                "No account matches. Esc clears the search, f changes the filter."
            } else {
                ""
            };
            Paragraph::new(text)
                .style(theme.dim)
                .alignment(Alignment::Center)
                .block(Block::bordered().border_style(theme.border))
                .render(r, buf);
        }
    }
    match &app.mode {
        Mode::Help => HelpOverlay { app, theme }.render(area, buf),
        Mode::StatusPicker { options, selected } => StatusPicker {
            options,
            selected: *selected,
            theme,
        }
        .render(area, buf),
        _ => {}
    }
    LongMessage { app, theme }.render(areas.hints, buf);
}

/// A message wider than the hint bar, wrapped onto the rows above it so all
/// of it shows (a refused undo names the file and why).
struct LongMessage<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl Widget for LongMessage<'_> {
    fn render(self, hints: Rect, buf: &mut Buffer) {
        let Some(msg) = self.app.message.as_deref() else {
            return;
        };
        if self.app.mode == Mode::Search || msg.width() < hints.width as usize {
            return;
        }
        let spans = vec![Span::styled(sanitize(msg), self.theme.review)];
        let lines = wrap_spans(spans, hints.width as usize, Span::raw(" "));
        let height = (lines.len() as u16).min(hints.y + 1);
        let area = Rect {
            y: hints.y + 1 - height,
            height,
            ..hints
        };
        Clear.render(area, buf);
        Paragraph::new(lines).render(area, buf);
    }
}

fn block<'a>(app: &App, theme: &Theme, pane: Pane, title: String) -> Block<'a> {
    let focused = app.focus == pane;
    let changed = app.changed.contains(&pane);
    let mut title_spans = vec![Span::styled(
        format!(" {title} "),
        if focused { theme.heading } else { theme.base },
    )];
    if changed {
        title_spans.push(Span::styled("● updated ", theme.changed));
    }
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Line::from(title_spans))
}

struct TooSmall<'a> {
    theme: &'a Theme,
}

impl Widget for TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let text = format!(
            "Terminal too small: {}×{} (need {MIN_WIDTH}×{MIN_HEIGHT})",
            area.width, area.height
        );
        let y = area.y + area.height / 2;
        Paragraph::new(text)
            .style(self.theme.warning)
            .alignment(Alignment::Center)
            .render(
                Rect {
                    y,
                    height: 1.min(area.height),
                    ..area
                },
                buf,
            );
    }
}

struct TitleBar<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl Widget for TitleBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let live_rows: Vec<_> = app.rows.iter().filter(|r| !r.archived).collect();
        let review = live_rows.iter().filter(|r| r.needs_review).count();
        let problems = app.problem_count;
        let mut text = format!(
            " acct · {} · {} accounts · {} need review · {} problems",
            sanitize(&app.vault_name),
            live_rows.len(),
            review,
            problems
        );
        if let Some((at, of, done)) = app.triage_progress() {
            text.push_str(&format!(" · TRIAGE {at} of {of} ({done} reviewed)"));
        } else if app.filter != crate::tui::app::Filter::All {
            text.push_str(&format!(" · filter: {}", app.filter.label()));
        }
        if let Some(l) = &app.loading {
            text.push_str(&format!(" · {l}"));
        }
        let live = match &app.live {
            LiveState::Off => String::new(),
            LiveState::Live => "● live ".to_string(),
            LiveState::Polling(why) => format!("◌ polling ({why}) "),
        };
        let pad = (area.width as usize).saturating_sub(text.width() + live.width());
        let line = Line::from(vec![
            Span::raw(text),
            Span::raw(" ".repeat(pad)),
            Span::raw(live),
        ]);
        Paragraph::new(line)
            .style(self.theme.title_bar)
            .render(area, buf);
    }
}

struct HintBar<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl Widget for HintBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let line = if app.mode == Mode::Search {
            Line::from(vec![
                Span::styled("/", self.theme.key),
                Span::raw(sanitize(&app.search)),
                Span::styled("▏", self.theme.key),
                Span::styled(
                    "  Enter keep · Esc clear · #tag status:x review narrow",
                    self.theme.dim,
                ),
            ])
        } else if let Some(msg) = &app.message {
            Line::from(Span::styled(
                format!(" {}", sanitize(msg)),
                self.theme.review,
            ))
        } else {
            let mut spans = vec![Span::raw(" ")];
            let mut hints = app.keymap.hints();
            if app.triage.is_some() {
                hints.insert(0, ("n/p".into(), "next/prev".into()));
                hints.insert(1, ("Esc".into(), "leave triage".into()));
            } else if !app.search.is_empty() {
                hints.insert(
                    0,
                    ("Esc".into(), format!("clear /{}", sanitize(&app.search))),
                );
            }
            for (key, label) in hints {
                spans.push(Span::styled(key, self.theme.key));
                spans.push(Span::styled(format!(" {label}  "), self.theme.dim));
            }
            Line::from(spans)
        };
        Paragraph::new(line).render(area, buf);
    }
}

struct AccountList<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl Widget for AccountList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let title = if !app.search.is_empty() {
            format!(
                "Accounts {} of {} · /{}",
                app.visible.len(),
                app.rows.iter().filter(|r| !r.archived).count(),
                sanitize(&app.search)
            )
        } else {
            format!("Accounts ({}) · {}", app.visible.len(), app.filter.label())
        };
        let block = block(app, t, Pane::List, title);
        let inner = block.inner(area);
        block.render(area, buf);
        let height = inner.height as usize;
        let offset = app.list_offset(height);
        let width = inner.width as usize;
        // The status column only when there is room for a readable title too.
        let status_w = if width >= 40 { 10 } else { 0 };
        let days_w = 5;
        let title_w = width.saturating_sub(2 + 1 + status_w + 1 + days_w);
        for (i, v) in app.visible.iter().enumerate().skip(offset).take(height) {
            let r = &app.rows[v.row];
            let selected = i == app.selected;
            let mark = if r.needs_review {
                Span::styled("● ", t.review)
            } else {
                Span::raw("  ")
            };
            let mut spans = vec![mark];
            let mut used = 0;
            for (ci, c) in sanitize(&r.title).chars().enumerate() {
                let cw = c.to_string().width();
                if used + cw > title_w.saturating_sub(1) && used + cw > title_w {
                    break;
                }
                used += cw;
                let style = if v.matches.contains(&ci) {
                    t.matched
                } else {
                    t.base
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            spans.push(Span::raw(" ".repeat(title_w.saturating_sub(used) + 1)));
            let status: String = r
                .status
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| "-".into())
                .chars()
                .take(status_w)
                .collect();
            if status_w > 0 {
                spans.push(Span::styled(format!("{status:<status_w$}"), t.dim));
            }
            let days = r
                .days_since_contact
                .map_or("-".to_string(), |d| format!("{d}d"));
            let days_style = if r
                .days_since_contact
                .is_some_and(|d| !(0..=crate::model::dashboard::STALE_CONTACT_DAYS).contains(&d))
            {
                t.warning
            } else {
                t.dim
            };
            spans.push(Span::styled(format!(" {days:>days_w$}"), days_style));
            let y = inner.y + (i - offset) as u16;
            let line = Line::from(spans);
            let row = Rect {
                y,
                height: 1,
                ..inner
            };
            Paragraph::new(line)
                .style(if selected { t.selected } else { t.base })
                .render(row, buf);
        }
    }
}

/// A bordered pane of wrapped lines that scrolls.
struct TextPane<'a> {
    app: &'a App,
    theme: &'a Theme,
    pane: Pane,
    title: String,
    lines: Vec<Line<'static>>,
    empty: &'static str,
}

impl Widget for TextPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = block(self.app, self.theme, self.pane, self.title);
        let inner = block.inner(area);
        block.render(area, buf);
        if self.lines.is_empty() {
            Paragraph::new(Span::styled(self.empty, self.theme.dim)).render(inner, buf);
            return;
        }
        let max = self.lines.len().saturating_sub(inner.height as usize);
        let scroll = self
            .app
            .scroll
            .get(&self.pane)
            .copied()
            .unwrap_or(0)
            .min(max);
        let more_below = self.lines.len() > scroll + inner.height as usize;
        Paragraph::new(self.lines)
            .scroll((scroll as u16, 0))
            .render(inner, buf);
        if more_below && inner.height > 0 {
            let at = Rect {
                x: area.right().saturating_sub(4),
                y: area.bottom() - 1,
                width: 3,
                height: 1,
            };
            Paragraph::new("▼").style(self.theme.dim).render(at, buf);
        }
    }
}

fn bullets(
    items: &[String],
    bullet: &'static str,
    width: usize,
    style: Style,
) -> Vec<Line<'static>> {
    items
        .iter()
        .flat_map(|i| {
            wrap_spans(
                vec![Span::styled(i.clone(), style)],
                width,
                Span::raw(bullet),
            )
        })
        .collect()
}

/// How many rows a pane's content takes at an inner width (for the layout).
pub fn wanted_rows(app: &App, pane: Pane, width: u16) -> u16 {
    let Some(d) = &app.dashboard else { return 1 };
    let t = Theme::mono();
    let w = width as usize;
    let n = match pane {
        Pane::Status => status_lines(d, w, &t).len(),
        Pane::Blockers => bullets(&d.blockers, "• ", w, t.base).len(),
        Pane::Decisions => bullets(&d.decisions, "• ", w, t.base).len(),
        Pane::Recent => recent_lines(d, w, &t).len(),
        Pane::Tasks => {
            let (tasks, _) = app.shown_tasks();
            tasks.len() + task_groups(tasks).len()
        }
        _ => 1,
    };
    n.max(1) as u16
}

fn status_lines(d: &Dashboard, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut first = vec![
        Span::styled("Status ", t.dim),
        Span::styled(d.status.clone().unwrap_or_else(|| "-".into()), t.heading),
    ];
    if d.needs_review {
        first.push(Span::styled("  ● needs review", t.review));
    }
    if d.archived {
        first.push(Span::styled("  archived", t.dim));
    }
    lines.push(Line::from(first));
    let contact = match (d.last_contact, d.days_since_contact) {
        (Some(date), Some(days)) => format!("{date} ({days} days ago)"),
        _ => "unknown".into(),
    };
    let mut second = vec![Span::styled("Last contact ", t.dim), Span::raw(contact)];
    if let Some(c) = d.created {
        second.push(Span::styled("  Created ", t.dim));
        second.push(Span::raw(c.to_string()));
    }
    lines.push(Line::from(second));
    if !d.tags.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Tags ", t.dim),
            Span::raw(
                d.tags
                    .iter()
                    .map(|g| format!("#{g}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]));
    }
    let rows: Vec<Span<'static>> = d
        .table
        .0
        .iter()
        .enumerate()
        .flat_map(|(i, (k, v))| {
            let sep = if i == 0 { "" } else { "  " };
            [
                Span::styled(format!("{sep}{k}: "), t.dim),
                Span::raw(v.as_deref().unwrap_or("unknown").to_string()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        lines.extend(wrap_spans(rows, width, Span::raw("")));
    }
    for w in &d.warnings {
        lines.extend(wrap_spans(
            vec![Span::styled(w.clone(), t.warning)],
            width,
            Span::styled("⚠ ", t.warning),
        ));
    }
    lines
}

fn recent_lines(d: &Dashboard, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for c in &d.recent_context {
        let date = c.date.map_or("          ".to_string(), |d| d.to_string());
        let mut spans = Vec::new();
        if let Some(link) = &c.link {
            // A dated note's title often repeats the date shown beside it.
            let shown = c
                .date
                .and_then(|d| link.strip_prefix(&d.to_string()))
                .map(|rest| rest.trim_start_matches([' ', '-', '–', '—', ':']))
                .filter(|r| !r.is_empty())
                .unwrap_or(link);
            spans.push(Span::styled(shown.to_string(), t.heading));
        }
        if let Some(s) = &c.summary {
            spans.push(Span::raw(if c.link.is_some() {
                format!(" — {s}")
            } else {
                s.clone()
            }));
        }
        if let Some(v) = &c.via {
            spans.push(Span::styled(format!(" (via {v})"), t.dim));
        }
        out.extend(wrap_spans(
            spans,
            width,
            Span::styled(format!("{date}  "), t.due),
        ));
    }
    out
}

struct TasksPane<'a> {
    app: &'a App,
    theme: &'a Theme,
}

fn task_line(task: &OpenTask, t: &Theme, width: usize, selected: bool) -> Vec<Line<'static>> {
    let check = Span::styled(
        format!("[{}] ", sanitize(&task.symbol.to_string())),
        if task.symbol == ' ' { t.base } else { t.key },
    );
    let mut spans = vec![Span::raw(task.text.clone())];
    if let Some(due) = task.due {
        spans.push(Span::styled(
            format!(" 📅 {due}"),
            if task.overdue { t.overdue } else { t.due },
        ));
    }
    if task.count > 1 {
        spans.push(Span::styled(format!(" ×{}", task.count), t.dim));
    }
    let mut lines = wrap_spans(spans, width, check);
    if selected {
        for l in &mut lines {
            l.style = t.selected;
        }
    }
    lines
}

impl Widget for TasksPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let (tasks, query) = app.shown_tasks();
        let title = match query {
            Some(q) => format!(
                "Query result ({}) · {} · v back",
                tasks.len(),
                sanitize(q.source.lines().next().unwrap_or(""))
            ),
            None => format!("Open tasks ({})", tasks.len()),
        };
        let block = block(app, t, Pane::Tasks, title);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let focused = app.focus == Pane::Tasks;
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut cursor_line = 0;
        if let Some(Err(why)) = query.map(|q| &q.result) {
            lines.push(Line::from(Span::styled(
                format!("unsupported query: {why}"),
                t.warning,
            )));
            for l in query.map(|q| q.source.as_str()).unwrap_or("").lines() {
                lines.push(Line::from(Span::styled(sanitize(l), t.dim)));
            }
        } else if query.is_some() {
            for (n, task) in tasks.iter().enumerate() {
                if n == app.task_cursor {
                    cursor_line = lines.len();
                }
                lines.extend(task_line(task, t, width, focused && n == app.task_cursor));
            }
        } else {
            let mut n = 0;
            for (group, ids) in task_groups(tasks) {
                let style = if group == crate::tui::app::TaskGroup::Overdue {
                    t.overdue
                } else {
                    t.heading
                };
                lines.push(Line::from(Span::styled(
                    format!("{} ({})", group.label(), ids.len()),
                    style,
                )));
                for i in ids {
                    if n == app.task_cursor {
                        cursor_line = lines.len();
                    }
                    lines.extend(task_line(
                        &tasks[i],
                        t,
                        width,
                        focused && n == app.task_cursor,
                    ));
                    n += 1;
                }
            }
        }
        if lines.is_empty() {
            Paragraph::new(Span::styled(
                if query.is_some() {
                    "the query finds no tasks"
                } else {
                    "no open tasks"
                },
                t.dim,
            ))
            .render(inner, buf);
            return;
        }
        let h = inner.height as usize;
        let scroll = (cursor_line + 2)
            .saturating_sub(h)
            .min(lines.len().saturating_sub(h));
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .render(inner, buf);
    }
}

struct DetailsPane<'a> {
    app: &'a App,
    theme: &'a Theme,
    dashboard: &'a Dashboard,
}

impl Widget for DetailsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let d = self.dashboard;
        let t = self.theme;
        let block = block(
            self.app,
            t,
            Pane::Details,
            format!("{} · details ([ ] switch, m back)", sanitize(&d.title)),
        );
        let inner = block.inner(area);
        block.render(area, buf);
        let [tabs_area, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
        Tabs::new(DETAIL_TABS.to_vec())
            .select(self.app.details_tab)
            .padding(" ", " ")
            .divider("│")
            .highlight_style(t.heading.add_modifier(ratatui::style::Modifier::REVERSED))
            .style(t.dim)
            .render(tabs_area, buf);
        let projects: Vec<String> = d
            .active_projects
            .iter()
            .map(|p| format!("{} ({})", p.title, p.path))
            .collect();
        let items: &[String] = match self.app.details_tab {
            0 => &d.overview,
            1 => &d.contacts,
            2 => &d.next_steps,
            3 => &d.opportunities,
            4 => &d.facts,
            5 => &d.topics,
            6 => &d.people,
            _ => &projects,
        };
        let lines = bullets(items, "• ", body.width as usize, t.base);
        if lines.is_empty() {
            Paragraph::new(Span::styled("nothing recorded", t.dim)).render(body, buf);
            return;
        }
        let scroll = self
            .app
            .scroll
            .get(&Pane::Details)
            .copied()
            .unwrap_or(0)
            .min(lines.len().saturating_sub(body.height as usize));
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .render(body, buf);
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A bordered box of lines over the middle of the screen.
fn popup(
    area: Rect,
    width: u16,
    lines: Vec<Line<'static>>,
    title: &str,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let r = centered(area, width, lines.len() as u16 + 2);
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.border_focused)
                .title(title.to_string()),
        )
        .render(r, buf);
}

struct HelpOverlay<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let map = &self.app.keymap;
        let key_w = map
            .bindings
            .iter()
            .map(|b| map.keys_label(b.action).width())
            .max()
            .unwrap_or(8)
            .max(8);
        let mut lines: Vec<Line<'static>> = map
            .bindings
            .iter()
            .map(|b| {
                Line::from(vec![
                    Span::styled(
                        format!("{:<key_w$}  ", map.keys_label(b.action)),
                        self.theme.key,
                    ),
                    Span::raw(b.description),
                ])
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<key_w$}  ", "Enter"), self.theme.key),
            Span::raw("in the list: go to the open tasks"),
        ]));
        lines.push(Line::from(vec![
            Span::styled(format!("{:<key_w$}  ", "Esc"), self.theme.key),
            Span::raw("close, clear the search, leave triage"),
        ]));
        lines.push(Line::from(vec![
            Span::styled(format!("{:<key_w$}  ", "mouse"), self.theme.key),
            Span::raw("click selects and focuses, the wheel scrolls"),
        ]));
        popup(area, 84, lines, " Keys · Esc closes ", self.theme, buf);
    }
}

struct StatusPicker<'a> {
    options: &'a [String],
    selected: usize,
    theme: &'a Theme,
}

impl Widget for StatusPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines: Vec<Line<'static>> = self
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                Line::styled(
                    format!(" {} ", sanitize(o)),
                    if i == self.selected {
                        self.theme.selected
                    } else {
                        self.theme.base
                    },
                )
            })
            .collect();
        popup(area, 30, lines, " Set status · Enter ", self.theme, buf);
    }
}
