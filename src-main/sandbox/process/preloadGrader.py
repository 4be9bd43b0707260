"""Trusted setup of a grading interpreter (a pool made for the answer grader), after preload.py and before the seal.

Math-Verify is imported and called once on a few answers. Its first call with the internal timeouts off (they use
signals, which Pyodide lacks) sets module flags that silence a warning, and parsing pulls in lazy sympy and
latex2sympy2 state; done after the seal, that would be found as damage and the interpreter replaced after every
grading run. Only grading pools pay for it: it makes a fresh interpreter several times slower to start, which the
pools that run model-written code (replaced after every timeout) should not pay."""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    import math_verify

    for text in ('$\\frac{1}{2}$', '0.5', '$x^2 + 1 \\leq 3$', '$[0, 1) \\cup \\{2\\}$',
                 '$\\begin{pmatrix} 1 & 2 \\end{pmatrix}$', 'The answer is \\boxed{(1, 2)}'):
        parsed = math_verify.parse(text, parsing_timeout=None)
        math_verify.verify(parsed, parsed, timeout_seconds=None)
