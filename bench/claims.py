"""Measure claim extraction on PolNeAR (read from ../shared, never copied).

Rules are developed on the training split; the figure to report is the development split's,
which the rules were not tuned on (`--split dev`, the default; `--split train` for comparison).

Prints precision, recall and F1 of reported claims whose content matches a gold content with
token-F1 >= 0.5 and >= 0.8 (one-to-one, best pairs first), speaker and cue accuracy on the
matched pairs, for all attributions and for the speech-verb subset; a naive "said" regex
baseline in the same run; extraction speed; and the sentence segmenter comparison.

The speech-verb subset is fixed here, independent of the extractor's lexicon: an attribution
belongs to it when its cue holds one of `SPEECH_CUE_WORDS`; gold and predictions are both
restricted by that same test before matching.

    .venv/bin/python bench/claims.py [--split dev|train] [--corpus PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing_app.core.claims import extract_claims  # noqa: E402
from briefing_app.core.claims.sentences import pysbd_sentences, split_sentences  # noqa: E402

SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))
SPLITS = {
    "dev": SHARED / "corpora" / "polnear-dev" / "dev.jsonl",
    "train": SHARED / "corpora" / "polnear-train" / "train.jsonl",
}
# The benchmark's own definition of a verb of saying, every form written out; it is not the
# extractor's verb list and does not change when that list does.
SPEECH_CUE_WORDS = frozenset(
    """say says said saying tell tells told telling state states stated stating
    declare declares declared declaring announce announces announced announcing
    add adds added adding note notes noted noting write writes wrote written writing
    claim claims claimed claiming argue argues argued arguing explain explains explained
    explaining insist insists insisted insisting warn warns warned warning
    ask asks asked asking reply replies replied replying respond responds responded responding
    acknowledge acknowledges acknowledged admit admits admitted admitting
    confirm confirms confirmed confirming deny denies denied denying
    suggest suggests suggested suggesting predict predicts predicted predicting
    testify testified testifies tweet tweets tweeted tweeting
    report reports reported reporting recall recalls recalled recalling
    comment comments commented commenting mention mentions mentioned mentioning
    promise promises promised promising pledge pledges pledged pledging
    vow vows vowed vowing urge urges urged urging""".split()
)
_TOKEN = re.compile(r"[\w’']+")


def tokens(text: str) -> Counter:
    """Lower-cased word tokens with apostrophes folded ("Kazakhstan's" == "Kazakhstans")."""
    return Counter(t.replace("’", "").replace("'", "").lower() for t in _TOKEN.findall(text))


def token_f1(a: Counter, b: Counter) -> float:
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def is_speech(cue_text: str) -> bool:
    """A cue holding one of the benchmark's fixed verbs of saying."""
    return any(word in SPEECH_CUE_WORDS for word in re.findall(r"[a-z]+", cue_text.lower()))


def overlaps(span, spans) -> bool:
    return span is not None and any(span[0] < s["end"] and s["start"] < span[1] for s in spans)


def gold_items(doc) -> list[dict]:
    items = []
    for att in doc["attributions"]:
        if not att["contents"]:
            continue
        text = " ".join(c["text"] for c in att["contents"])
        cue = " ".join(c["text"] for c in att["cue"])
        items.append(
            {
                "tokens": tokens(text),
                "sources": att["sources"],
                "cue": att["cue"],
                "speech": is_speech(cue),
            }
        )
    return items


def pred_items(claims) -> list[dict]:
    items = []
    for c in claims:
        if c.kind != "reported":
            continue
        text = " ".join([c.content.text] + [p.text for p in c.content_parts])
        speaker = (c.speaker.start, c.speaker.end) if c.speaker else None
        cue = (c.cue.start, c.cue.end) if c.cue else None
        items.append(
            {
                "tokens": tokens(text),
                "speaker": speaker,
                "cue": cue,
                "speech": is_speech(c.cue.text if c.cue else ""),
            }
        )
    return items


def match(gold, pred, threshold) -> list[tuple[dict, dict]]:
    """One-to-one matching, best token-F1 pairs first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            f = token_f1(g["tokens"], p["tokens"])
            if f >= threshold:
                pairs.append((f, gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _f, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def score(docs, predictions, threshold, speech_only) -> dict:
    tp = n_gold = n_pred = speaker_ok = cue_ok = 0
    for doc, pred in zip(docs, predictions, strict=True):
        gold = gold_items(doc)
        if speech_only:
            gold = [g for g in gold if g["speech"]]
            pred = [p for p in pred if p["speech"]]
        pairs = match(gold, pred, threshold)
        tp += len(pairs)
        n_gold += len(gold)
        n_pred += len(pred)
        for g, p in pairs:
            speaker_ok += (not g["sources"] and p["speaker"] is None) or overlaps(
                p["speaker"], g["sources"]
            )
            cue_ok += overlaps(p["cue"], g["cue"])
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {
        "P": precision,
        "R": recall,
        "F1": f1,
        "speaker": speaker_ok / tp if tp else 0.0,
        "cue": cue_ok / tp if tp else 0.0,
        "gold": n_gold,
        "pred": n_pred,
    }


_NAIVE = re.compile(r"\b(said|says)\b")


def naive_said(text: str) -> list[dict]:
    """Baseline: every sentence with 'said'/'says'; content is the longer side of the verb."""
    items = []
    for match in re.finditer(r"[^.!?\n]+[.!?]*", text):
        sentence = match.group(0)
        verb = _NAIVE.search(sentence)
        if not verb:
            continue
        left, right = sentence[: verb.start()], sentence[verb.end() :]
        content = left.rsplit(",", 1)[0] if len(left) > len(right) else right.removeprefix(" that")
        base = match.start()
        items.append(
            {
                "tokens": tokens(content),
                "speaker": (base, base + verb.start()),
                "cue": (base + verb.start(), base + verb.end()),
                "speech": True,
            }
        )
    return items


def print_table(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(
        f"  {'system':28} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'cue':>6} {'gold':>6} {'pred':>6}"
    )
    for name, r in rows.items():
        print(
            f"  {name:28} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} {r['speaker']:8.3f} {r['cue']:6.3f} {r['gold']:6d} {r['pred']:6d}"
        )


def accuracy(docs) -> None:
    rules = [pred_items(extract_claims(d["text"])) for d in docs]
    naive = [naive_said(d["text"]) for d in docs]
    for threshold in (0.5, 0.8):
        for speech in (True, False):
            label = "speech-verb attributions" if speech else "all attributions"
            print_table(
                f"content token-F1 >= {threshold}, {label}",
                {
                    "rules (briefing)": score(docs, rules, threshold, speech),
                    'naive "said" regex': score(docs, naive, threshold, speech),
                },
            )


def speed(docs, repeat: int) -> None:
    words = sum(len(d["text"].split()) for d in docs)
    t0 = time.process_time()
    for _ in range(repeat):
        for d in docs:
            extract_claims(d["text"])
    elapsed = time.process_time() - t0
    rate = repeat * len(docs) / elapsed
    per_700 = rate * (words / len(docs)) / 700
    print(
        f"\nspeed (one core, CPU time): {rate:.0f} articles/s at {words / len(docs):.0f} words/article "
        f"= {per_700:.0f} articles/s scaled to 700 words"
    )


def segmenters(docs, sample: int = 20) -> None:
    """Rule segmenter vs pysbd: boundary agreement and speed on a sample."""
    subset = docs[:sample]
    t0 = time.process_time()
    ours = [split_sentences(d["text"]) for d in subset]
    t_ours = time.process_time() - t0
    t0 = time.process_time()
    theirs = [pysbd_sentences(d["text"]) for d in subset]
    t_pysbd = time.process_time() - t0
    a = {(i, e) for i, spans in enumerate(ours) for _s, e in spans}
    b = {(i, e) for i, spans in enumerate(theirs) for _s, e in spans}
    agree = 2 * len(a & b) / (len(a) + len(b))
    print(
        f"\nsegmenters on {sample} articles: rules {t_ours * 1000 / sample:.1f} ms/article, "
        f"pysbd {t_pysbd * 1000 / sample:.1f} ms/article; sentence-end agreement F1 {agree:.3f} "
        f"(rules keep quotations whole, pysbd splits inside them)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev")
    parser.add_argument("--corpus", type=Path, help="a PolNeAR JSONL file (overrides --split)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="passes over the corpus for the speed figure"
    )
    parser.add_argument("--no-pysbd", action="store_true", help="skip the segmenter comparison")
    args = parser.parse_args()
    args.corpus = args.corpus or SPLITS[args.split]
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    docs = [
        json.loads(line)
        for line in args.corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    print(
        f"{len(docs)} articles, {sum(len(d['attributions']) for d in docs)} gold attributions ({args.corpus})"
    )
    accuracy(docs)
    speed(docs, args.repeat)
    if not args.no_pysbd:
        segmenters(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
