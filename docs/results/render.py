#!/usr/bin/env python3
"""Renders a study's view JSON (GET /api/v1/studies/{id}) as the tables of docs/results/*.md.

usage: render.py VIEW.json [--paper]   (--paper adds the paper's figure for each cell where it has one)
"""
import json, sys

# The paper's figures (arXiv 2404.12948, as in shared/notes/loss-search.md): CE accuracy in %, Δ in points,
# averaged over InceptionV3 and ResNet50, 5 runs each. "mean" = only the mean over its 7 datasets is known.
PAPER = {
    ("ce", "fashion-mnist"): "94.0", ("ce", "cifar-10"): "92.8",
    ("ngl", "fashion-mnist"): "+0.07", ("ngl", "cifar-10"): "+0.12",
    ("sce", "cifar-10"): "−3.66", ("sce", "fashion-mnist"): "−0.58 (mean of 7)",
    ("focal", "fashion-mnist"): "+0.10 (mean of 7)", ("focal", "cifar-10"): "+0.10 (mean of 7)",
    ("ce+l2", "fashion-mnist"): "+0.69 (mean of 7)", ("ce+l2", "cifar-10"): "+0.69 (mean of 7)",
}

def label(task):
    text = task["dataset"] + "/" + task["model"]
    if task.get("classGroups"):
        text += " %d classes" % len(task["classGroups"])
    return text

def main():
    view = json.load(open(sys.argv[1]))
    paper = "--paper" in sys.argv
    ref = view["reference"]
    print("| loss | task | accuracy %% (mean ± sd) | Δ vs %s, points [95 %% interval] | paper's verdict | interval's verdict |%s confidence | runs |" % (ref, " paper's figure |" if paper else ""))
    print("|---|---|---|---|---|---|%s---|---|" % ("---|" if paper else ""))
    order = [l["label"] for l in view["losses"]]
    order.sort(key=lambda l: l != ref)
    for loss in order:
        for c in [c for c in view["cells"] if c["loss"] == loss]:
            task = view["tasks"][c["task"]]
            acc = "–" if c["meanAccuracy"] is None else "%.2f ± %.2f" % (100 * c["meanAccuracy"], 100 * (c["sdAccuracy"] or 0))
            if c["delta"] is None:
                delta, pv, iv = ("(reference)" if loss == ref else "–"), "", ""
            else:
                interval = "" if c["deltaLow"] is None else " [%+.2f, %+.2f]" % (100 * c["deltaLow"], 100 * c["deltaHigh"])
                delta = "%+.2f%s" % (100 * c["delta"], interval)
                pv, iv = c["paperVerdict"].lower(), c["intervalVerdict"].lower()
            conf = "–" if c["meanConfidence"] is None else "%.3f" % c["meanConfidence"]
            budget = "" if len(view["budgets"]) == 1 else " %d×" % c["budget"]
            extra = (" %s |" % PAPER.get((loss, task["dataset"] if not task.get("classGroups") else "-"), "–")) if paper else ""
            print("| `%s` | %s%s | %s | %s | %s | %s |%s %s | %d%s |" % (
                loss.replace("|", "\\|"), label(task), budget, acc, delta, pv, iv, extra, conf, c["runs"],
                "" if not c["failed"] else " (%d failed)" % c["failed"]))
    p = view["progress"]
    print()
    print("%d trials, %d finished, %d unevaluated; %.0f trainer-seconds; created %s, ended %s." % (
        p["trials"], p["finished"], p["unevaluated"], p["trainerSeconds"], view["createdAt"], view["endedAt"]))
    if len(view["budgets"]) > 1:
        print()
        for r in view["rankings"]:
            rho = "" if r["spearmanToFirstBudget"] is None else " (ρ vs 1× = %.2f)" % r["spearmanToFirstBudget"]
            print("- %s at %d×: %s%s" % (label(view["tasks"][r["task"]]), r["budget"], " > ".join(r["order"]), rho))
    for w in view["warnings"]:
        print("- warning: " + w)

main()
