#!/usr/bin/env bash
# Reproduces the start-up figures of BENCHMARKS.md in one run, side by side with
# `rg -c needs-review` over the same folder (docs/performance.md).
#
#   scripts/bench.sh                 # 10,000 accounts + 5,000 meetings, 5 rounds
#   ROUNDS=9 scripts/bench.sh
#   LARGE=1 scripts/bench.sh         # also 50,000 accounts + 25,000 meetings
#   BASE=path/to/older/acct scripts/bench.sh   # the same figures for another build, alternated
#   DIVAN=1 scripts/bench.sh         # also the in-process first-frame and keypress benchmarks
#   RAW=1 scripts/bench.sh           # also every single run, in order
#
# Every measurement is one whole process, `acct --vault V list --json`, timed by
# /usr/bin/time: wall time, CPU time (user + system) and peak RSS. The kinds of
# run are alternated within each round, so machine load hits them alike; each
# figure is the median over the rounds.
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
TIME=/usr/bin/time
command -v rg >/dev/null || { echo "bench.sh needs ripgrep (rg)" >&2; exit 1; }
[ -x "$TIME" ] || { echo "bench.sh needs GNU time at $TIME (Debian: apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin acct --example synth_vault
ACCT=${ACCT:-target/release/acct}
SYNTH=target/release/examples/synth_vault

WORK=$(mktemp -d "${TMPDIR:-/tmp}/acct-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Each build keeps its caches apart (a build never takes another's kept results).
cache_of() { echo "$WORK/cache/$(basename "$1")"; }
export XDG_STATE_HOME="$WORK/state"
export ACCT_CONFIG="$WORK/no-config.toml"

# One timed run: prints "wall_ms cpu_ms rss_kb user_ms" (CPU = user + system).
timed() {
    "$TIME" -f '%e %U %S %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || {
        echo "failed: $*" >&2
        cat "$WORK/stderr" >&2
        exit 1
    }
    awk '{ printf "%d %d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4, $2 * 1000 }' "$WORK/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Appends the next 100 account notes' bodies a line, so their size, times and text change.
change_100() {
    local vault=$1 round=$2
    find "$vault/Customers" -name '*.md' | sort | awk 'NR <= 100' | while read -r note; do
        printf -- '- Round %s of the benchmark\n' "$round" >>"$note"
    done
}

bench_vault() {
    local accounts=$1 meetings=$2
    local vault="$WORK/vault-$accounts"
    "$SYNTH" "$vault" "$accounts" "$meetings"
    local bytes
    bytes=$(find "$vault" -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    local builds=("$ACCT")
    [ -n "${BASE:-}" ] && builds+=("$BASE")
    : >"$WORK/results"
    # Warm the page cache.
    rg -c needs-review "$vault" >/dev/null || true
    for b in "${builds[@]}"; do XDG_CACHE_HOME=$(cache_of "$b") "$b" --vault "$vault" list --json >/dev/null; done
    sleep 1.1
    for round in $(seq 1 "$ROUNDS"); do
        echo "rg x $(timed rg -c needs-review "$vault")" >>"$WORK/results"
        # No cache at all: the run reads every note and writes the cache.
        rm -rf "$WORK/cache"
        for b in "${builds[@]}"; do
            echo "$(basename "$b") first $(XDG_CACHE_HOME=$(cache_of "$b") timed "$b" --vault "$vault" list --json)" >>"$WORK/results"
        done
        # Nothing changed since the cache was written.
        for b in "${builds[@]}"; do
            echo "$(basename "$b") warm $(XDG_CACHE_HOME=$(cache_of "$b") timed "$b" --vault "$vault" list --json)" >>"$WORK/results"
        done
        for b in "${builds[@]}"; do
            if "$b" --help | grep -q -- --no-cache; then
                echo "$(basename "$b") nocache $(XDG_CACHE_HOME=$(cache_of "$b") timed "$b" --no-cache --vault "$vault" list --json)" >>"$WORK/results"
            fi
        done
        # 100 notes changed a second before the run, as after an edit in Obsidian.
        change_100 "$vault" "$round"
        sleep 1.1
        for b in "${builds[@]}"; do
            echo "$(basename "$b") changed100 $(XDG_CACHE_HOME=$(cache_of "$b") timed "$b" --vault "$vault" list --json)" >>"$WORK/results"
        done
    done
    if [ -n "${RAW:-}" ]; then
        echo "raw runs (name kind wall_ms cpu_ms rss_kb), in order:"
        cat "$WORK/results"
    fi
    local rg_wall rg_cpu
    rg_wall=$(awk '$1 == "rg" { print $3 }' "$WORK/results" | median)
    rg_cpu=$(awk '$1 == "rg" { print $4 }' "$WORK/results" | median)
    echo
    echo "## $accounts accounts + $meetings meetings: $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }') of notes, $ROUNDS rounds, median"
    echo
    echo "| run | wall ms | × rg wall | CPU ms | × rg CPU | of which user ms | peak RSS MB | RSS / vault bytes |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '| `rg -c needs-review` | %d | 1.0 | %d | 1.0 | %d | %s | |\n' "$rg_wall" "$rg_cpu" \
        "$(awk '$1 == "rg" { print $6 }' "$WORK/results" | median)" \
        "$(awk '$1 == "rg" { print $5 }' "$WORK/results" | median | awk '{ printf "%.1f", $1 / 1024 }')"
    for b in "${builds[@]}"; do
        local name
        name=$(basename "$b")
        for kind in warm first nocache changed100; do
            grep -q "^$name $kind " "$WORK/results" || continue
            local wall cpu rss user label
            wall=$(awk -v n="$name" -v k="$kind" '$1 == n && $2 == k { print $3 }' "$WORK/results" | median)
            cpu=$(awk -v n="$name" -v k="$kind" '$1 == n && $2 == k { print $4 }' "$WORK/results" | median)
            rss=$(awk -v n="$name" -v k="$kind" '$1 == n && $2 == k { print $5 }' "$WORK/results" | median)
            user=$(awk -v n="$name" -v k="$kind" '$1 == n && $2 == k { print $6 }' "$WORK/results" | median)
            case $kind in
                warm) label="warm cache, nothing changed" ;;
                first) label="first run (no cache yet; writes it)" ;;
                nocache) label="--no-cache" ;;
                changed100) label="after 100 notes changed" ;;
            esac
            awk -v name="$name" -v label="$label" -v w="$wall" -v c="$cpu" -v r="$rss" -v u="$user" \
                -v rw="$rg_wall" -v rc="$rg_cpu" -v b="$bytes" 'BEGIN {
                printf "| %s: %s | %d | %.1f | %d | %.1f | %d | %.1f | %.2f |\n",
                    name, label, w, w / (rw > 0 ? rw : 1), c, c / (rc > 0 ? rc : 1), u, r / 1024, r * 1024 / b
            }'
        done
    done
    first_frames "$vault"
}

first_frames() {
    local vault=$1
    command -v python3 >/dev/null || { echo "(python3 missing: first frame not measured)"; return; }
    echo
    # The caches are current (the runs above wrote them and changed nothing since),
    # and acct has seen the vault once (its first sight records every account's
    # review point, once per vault).
    for b in "$ACCT" ${BASE:+"$BASE"}; do
        XDG_CACHE_HOME=$(cache_of "$b") "$b" --vault "$vault" list --json >/dev/null
    done
    sleep 1.1
    XDG_CACHE_HOME=$(cache_of "$ACCT") scripts/first_frame.py "$ACCT" "$vault" 1 'Blockers \(' >/dev/null
    for b in "$ACCT" ${BASE:+"$BASE"}; do
        export XDG_CACHE_HOME
        XDG_CACHE_HOME=$(cache_of "$b")
        echo "- first frame of the dashboard, $(basename "$b"): $(scripts/first_frame.py "$b" "$vault" "$ROUNDS") ms (median of $ROUNDS starts in a 120x40 pseudo-terminal, from exec to the title bar on screen)"
        local shown peak settled idle
        read -r shown peak settled idle < <(scripts/first_frame.py "$b" "$vault" "$ROUNDS" 'Blockers \(' memory)
        echo "- the account list on screen, $(basename "$b"): $(scripts/first_frame.py "$b" "$vault" "$ROUNDS" '[1-9][0-9]* accounts') ms; the first account's dashboard (the index taken): $shown ms (medians, same starts' kind)"
        echo "- the dashboard's memory, $(basename "$b"): peak $peak MB when the first account's dashboard shows, $settled MB resident three seconds later; CPU used over the next ten seconds left alone: $idle ms (medians of the same starts)"
        # Each start a second after 100 notes changed.
        local after=()
        for round in $(seq 1 "$ROUNDS"); do
            change_100 "$vault" "dashboard $round"
            sleep 1.1
            after+=("$(scripts/first_frame.py "$b" "$vault" 1 '[1-9][0-9]* accounts')")
        done
        echo "- the account list on screen a second after 100 notes changed, $(basename "$b"): $(printf '%s\n' "${after[@]}" | median) ms (median of $ROUNDS starts)"
    done
}

echo "# acct start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
echo
echo "load before: $(uptime)"
bench_vault 10000 5000
if [ -n "${LARGE:-}" ]; then
    bench_vault 50000 25000
fi
echo
echo "load after: $(uptime)"

if [ -n "${DIVAN:-}" ]; then
    echo
    echo "## In-process benchmarks (divan)"
    cargo bench --bench index -- first_frame keypress_and_redraw
fi
