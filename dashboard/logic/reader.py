"""The reader's article HTML: escaped text, sentences as anchors, extracted spans highlighted.

The article text is escaped piece by piece (`html.escape`) and only our own tags are added, so
nothing in an article can become markup. Offsets are those of the verbatim text.
"""
from __future__ import annotations

import html

import pandas as pd

# Highlight kinds, in the order they win when spans overlap at the same start.
KINDS = ("FIGURE", "DATE", "PER", "ORG", "LOC", "EVENT")


def spans_of(mentions: pd.DataFrame, dates: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The highlightable spans of one article: mentions by entity type, dates, figures."""
    parts = [
        mentions.assign(kind=mentions["type"].fillna("ORG"), label=mentions["text"]),
        dates.assign(kind="DATE", label=dates["value"].fillna(dates["text"])),
        figures.assign(kind="FIGURE", label=figures["category"].fillna("")),
    ]
    parts = [p[["start", "end", "kind", "label"]] for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=["start", "end", "kind", "label"])
    return pd.concat(parts, ignore_index=True).astype({"start": int, "end": int})


def _non_overlapping(spans: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Longest span first at each start; a span overlapping a kept one is left out."""
    ordered = spans.assign(length=spans["end"] - spans["start"]).sort_values(
        ["start", "length"], ascending=[True, False])
    kept, last_end = [], -1
    for start, end, kind, label in ordered[["start", "end", "kind", "label"]].itertuples(index=False):
        if start >= last_end and end > start:
            kept.append((start, end, kind, str(label)))
            last_end = end
    return kept


def article_html(text: str, sentences: pd.DataFrame, spans: pd.DataFrame,
                 selected_sentence: int | None = None) -> str:
    """The article as right-to-left HTML with highlighted spans and sentence anchors `s-<id>`."""
    marks = _non_overlapping(spans) if len(spans) else []
    bounds = sorted((int(s), int(e), int(i)) for s, e, i in
                    sentences[["start", "end", "sentence_id"]].itertuples(index=False))
    out, pos, m = [], 0, 0
    for s_start, s_end, sentence_id in bounds:
        out.append(html.escape(text[pos:s_start]))
        selected = " selected" if selected_sentence is not None and sentence_id == selected_sentence else ""
        out.append(f'<span class="sent{selected}" id="s-{sentence_id}">')
        pos = s_start
        while m < len(marks) and marks[m][0] < s_end:
            start, end, kind, label = marks[m]
            if end <= pos:  # fell between sentences: already written as plain text
                m += 1
                continue
            start, end = max(start, pos), min(end, s_end)
            out.append(html.escape(text[pos:start]))
            out.append(f'<mark class="hl hl-{kind}" title="{html.escape(kind)}: {html.escape(label)}">'
                       f'{html.escape(text[start:end])}</mark>')
            pos = end
            if marks[m][1] <= s_end:
                m += 1
            else:
                break
        out.append(html.escape(text[pos:s_end]) + "</span>")
        pos = s_end
    out.append(html.escape(text[pos:]))
    return f'<div class="reader-text" dir="rtl" lang="ar">{"".join(out)}</div>'


def _shown(value) -> bool:
    return value is not None and str(value) not in ("", "nan", "NaT", "None", "<NA>")


def source_line_html(article: pd.Series) -> str:
    """Source, dateline, date and tags of an article, escaped (never Markdown: a source can hold `[x](…)`)."""
    meta = [article.get(name) for name in ("source", "dateline", "published")]
    line = " · ".join(html.escape(str(m)) for m in meta if _shown(m))
    tags = article.get("tags")
    tags = [str(t) for t in tags if _shown(t)] if tags is not None and not isinstance(tags, str) else []
    chips = "".join(f'<span class="tag">{html.escape(t)}</span>' for t in tags)
    return (f'<div class="source-line" dir="auto">{line}</div>'
            + (f'<div class="tags" dir="rtl" lang="ar">{chips}</div>' if chips else ""))


def related_html(headlines) -> str:
    """The related headlines as an escaped right-to-left list."""
    items = "".join(f"<li>{html.escape(str(t))}</li>" for t in headlines)
    return f'<ul class="related" dir="rtl" lang="ar">{items}</ul>'


def extracted_rows(mentions: pd.DataFrame, dates: pd.DataFrame, figures: pd.DataFrame,
                   events: pd.DataFrame, quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Every extracted row of one article in one table, in text order, for the side panel.

    Entities are shown by name (English where known), not by id.
    """
    names = entities.set_index("entity_id")["name_en"].fillna(entities.set_index("entity_id")["name"])
    parts = [
        mentions.assign(frame="mention", what=mentions["type"], value=mentions["entity_id"].map(names)),
        dates.assign(frame="date", what=dates["kind"], value=dates["value"]),
        figures.assign(frame="figure", what=figures["category"],
                       value=figures["qualifier"].fillna("") + " " + figures["value"].astype("string").fillna("")),
        events.assign(frame="event", what=events["type"], text=events["trigger"], value=events["date"]),
        quotes.assign(frame="quote", what="quote", value=quotes["speaker"].map(names)),
    ]
    columns = ["frame", "what", "text", "value", "sentence_id", "start", "end"]
    parts = [p.reindex(columns=columns) for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    rows = pd.concat(parts, ignore_index=True)
    rows["value"] = rows["value"].astype("string")
    return rows.sort_values(["start", "end"]).reset_index(drop=True)
