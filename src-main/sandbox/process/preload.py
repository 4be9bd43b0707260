"""Trusted setup of every sandbox interpreter, run once before the health probe's seal: what programs may use is
imported now, so that it is part of the baseline and no run pays for the import."""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    import asyncio, fractions, decimal, itertools, functools, math, cmath, statistics, random, re, collections  # noqa: E401, F401
    import sympy, mpmath  # noqa: E401, F401
