#!/usr/bin/env python3
"""Builds test/fixtures/mathVerifyCases.json, the answer grader's agreement suite, from Math-Verify's own tests.

    python3 scripts/extract_math_verify_cases.py PATH_TO_MATH_VERIFY_CHECKOUT

Reads tests/*.py with `ast` (no test is imported or run) and takes every parametrised (gold, prediction, expected)
case of the tests that compare two answers, with the options that test passes (extraction targets, float
precision). Cases of a test that runs Math-Verify with an option our grader never sets (strict=False,
allow_set_relation_comp=True) are left out: their expectation belongs to that option. A fixed ~30 % of the cases,
chosen by a hash of the pair, form the held-out part, which no grading choice was tuned on.
"""
import ast
import hashlib
import json
import math
import pathlib
import subprocess
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'mathVerifyCases.json'
# Options of the tests' helpers (compare_strings in tests/test_all.py; plain parse/verify elsewhere) when not given.
DEFAULTS = {'match_types': ['latex', 'expr'], 'precision': 6, 'strict': True, 'allow_set_relation_comp': False}
OUR_OPTIONS = {'strict': True, 'allow_set_relation_comp': False}


def decorator_cases(function: ast.FunctionDef):
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith('parametrize'):
            names = [name.strip() for name in ast.literal_eval(decorator.args[0]).split(',')]
            if 'gold' not in names:
                return None
            # Literals, and one f-string of math.sqrt: evaluated with `math` and nothing else in scope.
            values = eval(compile(ast.Expression(decorator.args[1]), '<parametrize>', 'eval'), {'math': math, '__builtins__': {}})
            return names, values
    return None


def call_options(function: ast.FunctionDef) -> dict:
    """The options the test body passes to compare_strings: a literal, or the name of one of its parameters."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == 'compare_strings':
            options = {}
            for keyword in node.keywords:
                try:
                    options[keyword.arg] = ast.literal_eval(keyword.value)
                except ValueError:
                    options[keyword.arg] = ('param', ast.unparse(keyword.value))
            return options
    return {}


def main() -> None:
    repo = pathlib.Path(sys.argv[1])
    commit = subprocess.run(['git', '-C', str(repo), 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
    cases, left_out = [], 0
    for file in sorted((repo / 'tests').glob('test_*.py')):
        tree = ast.parse(file.read_text())
        for function in (node for node in tree.body if isinstance(node, ast.FunctionDef)):
            found = decorator_cases(function)
            if not found:
                continue
            names, rows = found
            options = call_options(function)
            for row in rows:
                values = dict(zip(names, row))
                resolved = {key: values[value[1]] if isinstance(value, tuple) else value for key, value in options.items()}
                settings = {**DEFAULTS, **resolved}
                if any(settings[key] != value for key, value in OUR_OPTIONS.items()):
                    left_out += 1
                    continue
                expected = values.get('expected', values.get('result'))
                gold, pred = values['gold'], values['pred']
                digest = hashlib.sha256(json.dumps([gold, pred]).encode()).digest()
                cases.append({
                    'test': f'tests/{file.name}::{function.name}',
                    'part': 'held-out' if digest[0] < 77 else 'tuning',
                    'gold': gold, 'pred': pred, 'expected': bool(expected),
                    'matchTypes': settings['match_types'], 'precision': settings['precision']})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        'notice': 'Test cases from huggingface/Math-Verify tests/ (https://github.com/huggingface/Math-Verify), '
                  'Apache-2.0 (some test files carry an MIT header of The HuggingFace Team); extracted by '
                  'scripts/extract_math_verify_cases.py, unchanged.',
        'source': {'repository': 'huggingface/Math-Verify', 'commit': commit},
        'leftOut': f'{left_out} cases of tests run with strict=False or allow_set_relation_comp=True',
        'cases': cases}, indent=1, ensure_ascii=False) + '\n')
    held_out = sum(case['part'] == 'held-out' for case in cases)
    print(f'{OUT}: {len(cases)} cases ({held_out} held out), {left_out} left out')


if __name__ == '__main__':
    main()
