"""The sandbox side of MathVerifyGrader: grades (gold answers, predicted answer) pairs with Math-Verify and prints
one JSON line per pair as soon as it is decided, so that a run cut short by the time limit still returns the
verdicts it reached. Model-written answers are parsed here, inside the sandbox, because Math-Verify's parser ends in
sympy's parse_expr, which evaluates Python."""
import json
import re

from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify

# Both extraction targets, a \boxed{} preferred over other LaTeX: the configuration of Math-Verify's own tests.
TARGETS = [LatexExtractionConfig(boxed_match_priority=0), ExprExtractionConfig()]
DELIMITED = re.compile(r'\$|\\\(|\\\[|\\boxed|\\fbox')
NUMBER_LIKE = re.compile(r'[+-]?[\d.,\s]*\d[\d.,\s]*')


def handed_over(text):
    """What Math-Verify is given. Text with math delimiters (a whole solution, a `$...$` gold) and numbers (whose
    thousands and decimal separators only the expression target reads: `1 000`, `1000,99`) go as they are; a bare
    answer (the engine passes the content of the last \\boxed{}, datasets LaTeX without delimiters) is wrapped in
    `$...$`, because LaTeX is only extracted between delimiters."""
    if DELIMITED.search(text) or NUMBER_LIKE.fullmatch(text.strip()):
        return text
    return f'${text}$'


def parsed(text):
    # Math-Verify's own timeouts use SIGALRM, which Pyodide lacks: they are off, and the sandbox's limit bounds the run.
    return parse(handed_over(text), TARGETS, parsing_timeout=None)


def grade_pairs(pairs_json):
    """pairs_json: a JSON array of [index, [gold, ...], pred]. Prints [index, equal] per pair, or [index, null, error]."""
    for index, golds, pred in json.loads(pairs_json):
        try:
            answer = parsed(pred)
            equal = any(verify(parsed(gold), answer, timeout_seconds=None) for gold in golds)
            print(json.dumps([index, bool(equal)]), flush=True)
        except Exception as error:  # noqa: BLE001 — one pair's failure is its verdict, not the batch's end
            print(json.dumps([index, None, type(error).__name__]), flush=True)
