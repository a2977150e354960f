"""Renderings of the insights dict (from `compute_insights`) as plain rich Text, one per section.

Pure functions of the data, so the screen stays small and each picture is easy to test. User text
(tags, notes, emotion words) is appended as plain text, never parsed as markup.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

from reflect.core.insights.mood import WEEKDAYS
from reflect.widgets.charts import bars, cell_width, heat_cell, hour_ruler, mood_cell, resample
from reflect.core.prose import counted

MONTHS = "JFMAMJJASOND"


def render_overview(ins: dict[str, Any]) -> Text:
    """Streak, counts and the analysis window."""
    out = Text()
    streak = ins["streak"]
    out.append("Streak ", style="bold")
    out.append(counted(streak['current'], "day"))
    out.append(f" (longest {streak['longest']:,})", style="dim")
    window = f"last {ins['days']} days" if ins["days"] else "the whole journal"
    out.append(f"  ·  {counted(ins['checkins'], 'check-in')} on {counted(ins['days_with_checkins'], 'day')} in {window}", style="dim")
    refl = ins["reflections"]
    done = sum(refl["done"].values())
    if done or refl["in_progress"]:
        kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(refl["done"].items()))
        out.append(f"\nReflections done: {done:,}" + (f" ({kinds})" if kinds else ""), style="dim")
        if refl["frogs"]:
            out.append(f" · frogs named: {refl['frogs']:,}", style="dim")
    warning = ins["balance"]["warning"]
    if warning:
        out.append(f"\n⚠ {warning}", style="bold yellow")
    return out


def render_series(ins: dict[str, Any], window: int, width: int) -> Text:
    """Mood and energy over the chosen window as two rows of blocks, with means and a date axis."""
    s = ins["series"][str(window)]
    out = Text(no_wrap=True)
    if not s["days_with_data"]:
        out.append(f"No check-ins in the last {window} days.", style="dim")
        return out
    cols = max(7, width - 9)
    moods = resample([d["mood"] for d in s["daily"]], cols)
    energies = resample([d["energy"] for d in s["daily"]], cols)
    cell = max(1, cols // len(moods))
    out.append("mood   ", style="dim")
    out.append_text(bars(moods, cell, "#4393c3"))
    out.append("\nenergy ", style="dim")
    out.append_text(bars(energies, cell, "#e2b93b"))
    first, last = s["daily"][0]["date"], s["daily"][-1]["date"]
    span = len(moods) * cell
    out.append("\n       " + first[5:] + " " * max(1, span - 10) + last[5:], style="dim")
    out.append(f"\nmeans: mood {s['mood_mean']}, energy {s['energy_mean'] if s['energy_mean'] is not None else '–'}"
               f" · {s['days_with_data']} of {window} days with check-ins", style="dim")
    return out


def render_hours(ins: dict[str, Any], width: int = 53) -> Text:
    """Peak energy hours, then mean energy for each hour of the day, as wide as `width` allows."""
    out = Text(no_wrap=True)
    peaks = ins["peak_energy_hours"]
    if peaks:
        out.append("Highest energy around ", style="bold")
        out.append(", ".join(f"{h:02d}:00" for h in peaks))
        out.append("  (your check-ins' local time)", style="dim")
    else:
        out.append("Not enough data yet: an hour needs 3 check-ins with energy before it can be called a peak.", style="dim")
    cell = cell_width(width - 5, 24)
    out.append("\n     ")
    out.append_text(bars([h["energy"] for h in ins["energy_by_hour"]], cell, "#e2b93b"))
    out.append("\n" + hour_ruler(cell), style="dim")
    return out


def render_heatmap(ins: dict[str, Any], width: int = 53) -> Text:
    """Weekday x hour mean energy: a shade per cell (░ low to █ high, coloured too), as wide as `width` allows."""
    out = Text(no_wrap=True)
    grid = ins["heatmap"]
    if not any(cell["n"] for row in grid for cell in row):
        return Text("No check-ins with energy yet.", style="dim")
    size = cell_width(width - 5, 24)
    out.append(hour_ruler(size), style="dim")
    for w, row in enumerate(grid):
        out.append(f"\n{WEEKDAYS[w]}  ", style="dim")
        for cell in row:
            out.append_text(heat_cell(cell["energy"], size))
    out.append("\nenergy: ░ low ▒ ▓ █ high, blank = no check-ins", style="dim")
    return out


def render_pixels(ins: dict[str, Any], width: int = 58) -> Text:
    """The year in pixels: a day's mean mood as its digit 1-9 (coloured), weeks as columns, Monday on top.

    Two columns a day when `width` allows; when even one a day does not fit, the weeks that fit up to
    this one (`ins["today"]`). Days still to come are blank: they are not days without a check-in.
    """
    days = ins["year_in_pixels"]["days"]
    out = Text(no_wrap=True)
    first = date.fromisoformat(days[0]["date"])
    lead = first.weekday()
    weeks = (lead + len(days) + 6) // 7
    today = ins.get("today") or days[-1]["date"]
    past = sum(1 for d in days if d["date"] <= today)  # days of the year up to today
    end = min(weeks, (lead + past + 6) // 7) if past else weeks  # the week after the last one to show
    cell = cell_width(width - 5, weeks, most=2)
    shown = min(weeks, max(1, (width - 5) // cell))
    start = max(0, end - shown)
    end = start + shown
    header = [" " * cell] * weeks
    for d in days:
        day = date.fromisoformat(d["date"])
        if day.day == 1:
            header[(lead + day.timetuple().tm_yday - 1) // 7] = MONTHS[day.month - 1].ljust(cell)[:max(cell, 1)]
    out.append(f"{ins['year_in_pixels']['year']} ", style="bold")
    out.append("".join(header[start:end]), style="dim")
    for w in range(7):
        out.append(f"\n{WEEKDAYS[w][:3]}  ", style="dim")
        for col in range(start, end):
            index = col * 7 + w - lead
            if 0 <= index < past:
                out.append_text(mood_cell(days[index]["mood"], cell))
            else:  # before the year, or still to come
                out.append(" " * cell)
    out.append("\nmood: ", style="dim")
    for v in range(1, 10):
        out.append_text(mood_cell(v))
    out.append(" (1 low to 9 high), · no check-in", style="dim")
    if shown < weeks:
        out.append(f"\nthe {shown} weeks up to {'this one' if past < len(days) else 'the end of the year'};"
                   " a wider window shows the whole year", style="dim")
    return out


def render_tags(ins: dict[str, Any], limit: int = 8) -> Text:
    """Tag effects phrased as 'goes with', and the tags still waiting for enough days."""
    out = Text()
    effects = ins["tag_effects"]
    need = ins["min_days_each_side"]
    if not effects:
        out.append(f"Not enough data yet: a tag needs {need} days with it and {need} without.", style="dim")
    for e in effects[:limit]:
        out.append("• ")
        out.append(e["phrase"])
        out.append(f"  [{counted(e['n_with'], 'day')} with, {e['n_without']:,} without]", style="dim")
        out.append("\n")
    if len(effects) > limit:
        out.append(f"  …and {len(effects) - limit} more (reflect insights --json lists them all)\n", style="dim")
    waiting = [w for w in ins["tags_waiting"] if "reason" not in w][:6]
    if waiting:
        if out.plain and not out.plain.endswith("\n"):
            out.append("\n")
        out.append("Waiting for data: ", style="dim")
        out.append(", ".join(f"#{w['tag']} ({w['n_with']:,} with, {w['n_without']:,} without)" for w in waiting), style="dim")
    for w in [w for w in ins["tags_waiting"] if "reason" in w][:3]:
        out.append(f"\n#{w['tag']}: {w['reason']}", style="dim")
    out.append("\nEach effect holds your other frequent tags and the weekday fixed; 'could be chance' means it did"
               " not pass the false-discovery check across all tags. 'Goes with' is still not 'causes'.", style="dim italic")
    return out


def render_on_this_day(ins: dict[str, Any]) -> Text:
    """Check-ins and reflections from this day in earlier years."""
    found = ins["on_this_day"]
    if not found:
        return Text("Nothing from this day in earlier years yet.", style="dim")
    out = Text()
    for slot in found[:3]:
        ago = slot["years_ago"]
        out.append(f"{slot['date']} ({ago} year{'s' if ago != 1 else ''} ago)", style="bold")
        for c in slot["checkins"][:3]:
            out.append(f"\n  {c['time']}  mood {c['mood']} · energy {c['energy'] if c['energy'] is not None else '–'}")
            if c["emotion"]:
                out.append(f"  {c['emotion']}", style="italic")
            if c["note"]:
                out.append("  " + c["note"].splitlines()[0][:60], style="dim")
        for r in slot["reflections"]:
            if r.get("frog"):
                out.append(f"\n  frog: {r['frog']}")
        out.append("\n")
    out.rstrip()
    return out
