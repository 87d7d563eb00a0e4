//! The default key table: every layer's bindings, one row each. Adding a layer
//! for a new full-screen view is a variant of [`Layer`] and its rows here; key
//! handling, the help overlay, the hint bar and config overrides follow.

use super::{Action, Layer};

/// One default binding: the layer, the action, its name in the config, its keys
/// (as the config spells them, space-separated), what it does (for the help), the
/// hint-bar label if it is shown there, and the normal-layer action whose keys it
/// also takes (so rebinding `down` moves the picker and the help too).
pub(super) type Row = (
    Layer,
    Action,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<Action>,
);

#[rustfmt::skip]
pub(super) const DEFAULTS: &[Row] = {
    use Action::*;
    use Layer as L;
    &[
        (L::Normal, Down, "down", "j down", "move down in the focused pane", None, None),
        (L::Normal, Up, "up", "k up", "move up in the focused pane", None, None),
        (L::Normal, Top, "top", "g home", "go to the top", None, None),
        (L::Normal, Bottom, "bottom", "G end", "go to the bottom", None, None),
        (L::Normal, PageDown, "page_down", "pgdn ctrl-d", "page down", None, None),
        (L::Normal, PageUp, "page_up", "pgup ctrl-u", "page up", None, None),
        (L::Normal, FocusNext, "focus_next", "tab", "focus the next pane", Some("pane"), None),
        (L::Normal, FocusPrev, "focus_prev", "shift-tab", "focus the previous pane", None, None),
        (L::Normal, EnterPane, "enter_pane", "enter", "list: to the open tasks (or details); on an item: open its note at its line", None, None),
        (L::Normal, Expand, "expand", "space", "on a folded item (×N): show or hide the items it stands for", None, None),
        (L::Normal, Back, "back", "esc", "back out: clear the search, close the query or the details, focus the list", None, None),
        (L::Normal, Search, "search", "/", "fuzzy search (#tag, status:x, review narrow)", Some("search"), None),
        (L::Normal, Filter, "filter", "f", "cycle filter: all → review → due for contact → changed → status → archived", Some("filter"), None),
        (L::Normal, Triage, "triage", "t", "triage: walk the needs-review queue, oldest contact first", Some("triage"), None),
        (L::Normal, Review, "review", "r", "mark reviewed (remove needs-review)", Some("reviewed"), None),
        (L::Normal, SetStatus, "set_status", "s", "set status (picker)", Some("status"), None),
        (L::Normal, Done, "done", "x", "on a task: mark done, dated ✅ today", None, None),
        (L::Normal, Accept, "accept", "a", "on a task: accept a proposed task", None, None),
        (L::Normal, Dismiss, "dismiss", "d", "on a task: dismiss it", None, None),
        (L::Normal, Undo, "undo", "u", "undo the last write", Some("undo"), None),
        (L::Normal, Edit, "edit", "e", "open the note in $VISUAL/$EDITOR at the relevant line", Some("edit"), None),
        (L::Normal, OpenObsidian, "open", "o", "open the note in Obsidian", None, None),
        (L::Normal, ToggleQuery, "query", "v", "open tasks: toggle the note's own query result", None, None),
        (L::Normal, Changes, "changes", "c", "changes since the review point: added and removed items, notes, status", Some("changes"), None),
        (L::Normal, OpenTasks, "tasks", "T", "tasks view: the account's open tasks, near-duplicates grouped", Some("tasks"), None),
        (L::Normal, Details, "details", "m", "more: overview, contacts, next steps, projects, …", Some("more"), None),
        (L::Normal, Maximise, "maximise", "z", "give the focused pane the whole screen; again to restore", None, None),
        (L::Normal, Problems, "problems", "!", "the problems of live notes, grouped as `acct check` lists them", Some("problems"), None),
        (L::Normal, NextTab, "next_tab", "] right", "next section in the details view", None, None),
        (L::Normal, PrevTab, "prev_tab", "[ left", "previous section in the details view", None, None),
        (L::Normal, Help, "help", "?", "this help", Some("help"), None),
        (L::Normal, Quit, "quit", "q ctrl-c", "quit", Some("quit"), None),
        (L::Normal, Suspend, "suspend", "ctrl-z", "suspend acct to the shell (fg brings it back)", None, None),

        (L::Triage, TriageNext, "triage_next", "n", "skip to the next account", Some("next"), None),
        (L::Triage, TriagePrev, "triage_prev", "p", "back to the previous account", Some("prev"), None),
        (L::Triage, LeaveTriage, "leave_triage", "esc", "leave triage", Some("leave triage"), None),

        (L::Tasks, Down, "down", "", "next row", None, Some(Down)),
        (L::Tasks, Up, "up", "", "previous row", None, Some(Up)),
        (L::Tasks, Top, "top", "", "first row", None, Some(Top)),
        (L::Tasks, Bottom, "bottom", "", "last row", None, Some(Bottom)),
        (L::Tasks, PageDown, "page_down", "", "page down", None, Some(PageDown)),
        (L::Tasks, PageUp, "page_up", "", "page up", None, Some(PageUp)),
        (L::Tasks, Expand, "expand", "enter space", "show or hide a group's tasks", Some("expand"), None),
        (L::Tasks, Mark, "mark", "m", "mark or unmark the task, or every task of the group", Some("mark"), None),
        (L::Tasks, MarkAll, "mark_all", "*", "mark everything shown (again: clear the marks)", Some("mark all"), None),
        (L::Tasks, Accept, "accept", "a", "accept the marked tasks (else the row's)", Some("accept"), None),
        (L::Tasks, Dismiss, "dismiss", "d", "dismiss the marked tasks (else the row's): the vault's cancelled status", Some("dismiss"), None),
        (L::Tasks, Done, "done", "x", "mark the marked tasks (else the row's) done", None, None),
        (L::Tasks, KeepOne, "keep_one", "K", "keep one: accept this task, dismiss the rest of its group", Some("keep one"), None),
        (L::Tasks, Search, "search", "/", "search the tasks' text", None, None),
        (L::Tasks, CycleOwner, "owner", "o", "owner: mine → others → unassigned → all", Some("owner"), None),
        (L::Tasks, CycleStatusFilter, "status", "s", "status: proposed → to do → in progress → all", Some("status"), None),
        (L::Tasks, CycleDue, "due", "w", "due: overdue → this week → undated → all", None, None),
        (L::Tasks, CycleGrouping, "grouping", "b", "group by: duplicates → note → none", None, None),
        (L::Tasks, ToggleScope, "scope", "A", "this account's tasks ↔ every account's", Some("all accounts"), None),
        (L::Tasks, Undo, "undo", "u", "undo the last write (a bulk action is one step)", Some("undo"), None),
        (L::Tasks, Edit, "edit", "e", "open the task's note at its line", None, None),
        (L::Tasks, Back, "back", "esc T", "back to the dashboard", Some("back"), None),
        (L::Tasks, Help, "help", "?", "this help", None, None),
        (L::Tasks, Quit, "quit", "q ctrl-c", "quit", None, None),

        (L::Search, Confirm, "keep", "enter", "keep the search as the list's filter", Some("keep"), None),
        (L::Search, Cancel, "clear", "esc", "clear the search and go back", Some("clear"), None),
        (L::Search, Down, "down", "down ctrl-n", "move down the list", None, None),
        (L::Search, Up, "up", "up ctrl-p", "move up the list", None, None),
        (L::Search, DeleteChar, "delete_char", "backspace", "delete the last character", None, None),
        (L::Search, DeleteWord, "delete_word", "ctrl-w", "delete the last word", None, None),
        (L::Search, ClearLine, "clear_line", "ctrl-u", "delete the whole search", None, None),
        (L::Search, Quit, "quit", "ctrl-c", "quit", None, None),
        (L::Search, Suspend, "suspend", "ctrl-z", "suspend acct to the shell", None, None),

        (L::Picker, Confirm, "choose", "enter", "set the highlighted status", Some("set"), None),
        (L::Picker, Cancel, "cancel", "esc q", "close without changing the status", Some("cancel"), None),
        (L::Picker, Down, "down", "", "next status", None, Some(Down)),
        (L::Picker, Up, "up", "", "previous status", None, Some(Up)),
        (L::Picker, Quit, "quit", "ctrl-c", "quit", None, None),
        (L::Picker, Suspend, "suspend", "ctrl-z", "suspend acct to the shell", None, None),

        (L::Problems, Confirm, "open", "enter", "open the note at the problem's line in the editor", Some("open"), None),
        (L::Problems, Cancel, "close", "esc q", "close the problems view", Some("close"), Some(Problems)),
        (L::Problems, Down, "down", "", "next problem", None, Some(Down)),
        (L::Problems, Up, "up", "", "previous problem", None, Some(Up)),
        (L::Problems, PageDown, "page_down", "", "page down", None, Some(PageDown)),
        (L::Problems, PageUp, "page_up", "", "page up", None, Some(PageUp)),
        (L::Problems, Top, "top", "", "first problem", None, Some(Top)),
        (L::Problems, Bottom, "bottom", "", "last problem", None, Some(Bottom)),
        (L::Problems, Quit, "quit", "ctrl-c", "quit", None, None),

        (L::Changes, Confirm, "open", "enter e", "open the item's note at its line in the editor", Some("open"), None),
        (L::Changes, Cancel, "close", "esc q c", "close the changes view", Some("close"), Some(Changes)),
        (L::Changes, Down, "down", "", "next item", None, Some(Down)),
        (L::Changes, Up, "up", "", "previous item", None, Some(Up)),
        (L::Changes, Quit, "quit", "ctrl-c", "quit", None, None),

        (L::Help, Cancel, "close", "esc q enter", "close the help", Some("close"), Some(Help)),
        (L::Help, Down, "down", "", "scroll down", None, Some(Down)),
        (L::Help, Up, "up", "", "scroll up", None, Some(Up)),
        (L::Help, PageDown, "page_down", "", "page down", None, Some(PageDown)),
        (L::Help, PageUp, "page_up", "", "page up", None, Some(PageUp)),
        (L::Help, Top, "top", "", "to the top", None, Some(Top)),
        (L::Help, Bottom, "bottom", "", "to the end", None, Some(Bottom)),
        (L::Help, Quit, "quit", "ctrl-c", "quit", None, None),
        (L::Help, Suspend, "suspend", "ctrl-z", "suspend acct to the shell", None, None),
    ]
};
