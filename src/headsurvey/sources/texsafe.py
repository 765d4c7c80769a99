"""Will a field typeset with pdflatex after biber? A model of what biber hands to LaTeX.

biber decodes accent macros to Unicode (``{\\'e}`` → é) and pdflatex must then know each
character: with ``\\usepackage[T1]{fontenc}`` it knows those its T1, TS1, OT1 and OMS
encodings declare (``T1_CHARACTERS``, generated from TeX Live's t1enc/ts1enc/ot1enc/omsenc.dfu
and compared with them by a test). An accent on a dotless ``\\i`` has no precomposed
character, so biber writes a separate combining accent and the LaTeX run after biber stops
(``Unicode character ́ (U+0301) not set up``). latexcodec decodes such input leniently, so
the decoding that matters here is biber's, modelled below.
"""

from __future__ import annotations

import re
import unicodedata

ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
           "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323", "b": "\u0331", "k": "\u0328",
           "r": "\u030a"}
DOTLESS = {"i": "\u0131", "j": "\u0237"}
#: {\'e}, \'{e}, \'e, \'\i, \v{\j}: one accent on one letter (innermost first for stacked accents).
ACCENT = re.compile(r"\\([`'^\"~=.]|[uvHcdbkr](?![A-Za-z]))\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z\u0080-\uffff])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))")
T1_CHARACTERS = (
    (0x00A0, 0x0125), (0x0128, 0x0137), (0x0139, 0x013E), (0x0141, 0x0148), (0x014A, 0x0165), (0x0168, 0x017E),
    (0x0192, 0x0192), (0x01C4, 0x01D4), (0x01E2, 0x01E3), (0x01E6, 0x01EB), (0x01F0, 0x01F0), (0x01F4, 0x01F5),
    (0x0218, 0x021B), (0x0232, 0x0233), (0x0237, 0x0237), (0x02C7, 0x02C7), (0x02D8, 0x02D9), (0x02DB, 0x02DB),
    (0x02DD, 0x02DD), (0x0E3F, 0x0E3F), (0x1E02, 0x1E03), (0x1E0D, 0x1E0D), (0x1E1E, 0x1E21), (0x1E25, 0x1E25),
    (0x1E30, 0x1E31), (0x1E37, 0x1E37), (0x1E43, 0x1E43), (0x1E45, 0x1E45), (0x1E47, 0x1E47), (0x1E5B, 0x1E5B),
    (0x1E63, 0x1E63), (0x1E6D, 0x1E6D), (0x1E8E, 0x1E91), (0x1E9E, 0x1E9E), (0x1EF2, 0x1EF3), (0x200C, 0x200C),
    (0x2010, 0x2016), (0x2018, 0x201A), (0x201C, 0x201E), (0x2020, 0x2022), (0x2030, 0x2031), (0x2039, 0x203B),
    (0x203D, 0x203D), (0x2044, 0x2044), (0x204E, 0x204E), (0x2052, 0x2052), (0x20A1, 0x20A1), (0x20A4, 0x20A4),
    (0x20A6, 0x20A6), (0x20A9, 0x20A9), (0x20AB, 0x20AC), (0x20B1, 0x20B1), (0x2103, 0x2103), (0x2116, 0x2117),
    (0x211E, 0x211E), (0x2120, 0x2120), (0x2122, 0x2122), (0x2126, 0x2127), (0x212E, 0x212E), (0x2190, 0x2193),
    (0x2329, 0x232A), (0x2422, 0x2423), (0x25E6, 0x25E6), (0x25EF, 0x25EF), (0x266A, 0x266A), (0x27E8, 0x27E9),
    (0x3008, 0x3009), (0xFB00, 0xFB06), (0xFEFF, 0xFEFF),
)


def typesettable(char: str) -> bool:
    """Whether pdflatex (utf8, T1 font encoding) has a definition for ``char``."""
    code = ord(char)
    return code < 0x80 or any(low <= code <= high for low, high in T1_CHARACTERS)


def biber_text(value: str) -> str:
    """``value`` with its accent macros decoded as biber decodes them (NFC, combining marks kept)."""
    def one(match: re.Match[str]) -> str:
        letter = match.group(2) or match.group(3)
        base = DOTLESS[letter[1]] if letter.startswith("\\") else letter
        return unicodedata.normalize("NFC", base + ACCENTS[match.group(1)])

    previous = None
    while previous != value:
        previous, value = value, ACCENT.sub(one, value)
    return unicodedata.normalize("NFC", value)


def untypesettable(value: str) -> list[str]:
    """The characters of ``value`` that stop pdflatex after biber (as written, e.g. 'í' or 'ạ')."""
    bad = []
    for char in biber_text(value):
        if not typesettable(char) and char not in bad:
            bad.append(char)
    return bad


#: Control sequences a field may hold: accents, special letters, escaped characters, text styles
#: and math symbols. Anything else (\write, \openout, \input, \read, \immediate, \catcode, \def,
#: \csname, \special ...) is refused: LaTeX runs a .bib's fields when a reader typesets them.
TEXT_COMMANDS = frozenset(
    [*list(ACCENTS), "t", "i", "j", "o", "O", "l", "L", "ss", "aa", "AA", "ae", "AE", "oe", "OE", "&", "%", "$", "#", "_", "{", "}", " ", "-", ",", "/", "emph", "textit", "textbf", "textsc", "texttt", "textrm", "textsf", "textsl", "textup", "textmd", "textnormal", "textsuperscript", "textsubscript", "mbox", "LaTeX", "TeX", "BibTeX", "dots", "ldots", "textendash", "textemdash", "textquoteleft", "textquoteright", "textquotedblleft", "textquotedblright", "textregistered", "texttrademark", "textcopyright", "textdegree", "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "mathbb", "mathcal", "mathrm", "mathbf", "mathit", "text", "times", "infty", "leq", "geq", "le", "ge", "neq", "approx", "sim", "cdot", "ell", "to", "rightarrow", "leftarrow", "log", "exp", "pm", "circ", "prime", "in", "sum", "prod", "frac", "sqrt", "ast", "star"]
)
CONTROL = re.compile(r"\\([A-Za-z]+|.)|\^\^", re.DOTALL)
#: A key LaTeX and BibTeX read as plain text (the page file name rule).
SAFE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")


def unsafe_commands(value: str) -> list[str]:
    """The control sequences of ``value`` (as written, e.g. '\\write') not on the allow-list, and '^^'
    escapes (TeX reads '^^5c' as a backslash)."""
    found = []
    for match in CONTROL.finditer(value):
        name = match.group(1)
        shown = "^^" if name is None else "\\" + name
        if (name is None or name not in TEXT_COMMANDS) and shown not in found:
            found.append(shown)
    return found


def safe_entry(key: str, values: list[str]) -> bool:
    """Whether an entry with this key and these field values may be written to a .bib download."""
    return bool(SAFE_KEY.fullmatch(key)) and not any(unsafe_commands(value) for value in values)
