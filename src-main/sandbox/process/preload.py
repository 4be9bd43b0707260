"""Trusted setup of every sandbox interpreter, run once before the health probe's seal: what programs may use is
imported now, so that it is part of the baseline and no run pays for the import.

Math-Verify (the answer grader's engine) is also called once on a few answers. Its first call with the internal
timeouts off (they use signals, which Pyodide lacks) sets module flags that silence a warning, and parsing pulls in
lazy sympy and latex2sympy2 state; done after the seal, that would be found as damage and the interpreter replaced
after every grading run."""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    import asyncio, fractions, decimal, itertools, functools, math, cmath, statistics, random, re, collections  # noqa: E401, F401
    import sympy, mpmath  # noqa: E401, F401
    import math_verify

    for text in ('$\\frac{1}{2}$', '0.5', '$x^2 + 1 \\leq 3$', '$[0, 1) \\cup \\{2\\}$',
                 '$\\begin{pmatrix} 1 & 2 \\end{pmatrix}$', 'The answer is \\boxed{(1, 2)}'):
        parsed = math_verify.parse(text, parsing_timeout=None)
        math_verify.verify(parsed, parsed, timeout_seconds=None)
