"""Rule ids tie the tests to shared/PROTOCOL.md: a rule is defined there in bold (`**R6**`,
`**A2 Private writing.**`) and a test names it in its docstring or a comment ("R6:", "(A3)",
"F1-F3"). Every id a test cites must exist, and every rule must be cited by some test.

Only docstrings and comments count (Python), and comments and test titles (the JS tests
in client/test/): a string such as `name="S3"` or a URL-encoded `%D0` is not a citation.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "shared" / "PROTOCOL.md"

# `**R6**` or `**A2 Private writing.**`: a family letter and a number from 1, in bold.
DEFINITION = re.compile(r"\*\*([A-Z][1-9][0-9]?)\b[^*\n]*\*\*")
# A docstring or comment that opens with an id-like token ("L3: ...", "(X2)") cites a rule,
# whatever its family: one the spec does not define is drift too.
LEADING = re.compile(r"^\s*\(?([A-Z])[1-9][0-9]?(?=[\s:.,;)]|$)")
JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
JS_TITLE = re.compile(r"\b(?:test|describe|it)\(\s*([\"'`])((?:(?!\1).)*)\1", re.S)


def sort_key(rule: str) -> tuple[str, int]:
    return rule[0], int(rule[1:])


def defined_rules() -> set[str]:
    found = DEFINITION.findall(SPEC.read_text(encoding="utf-8"))
    repeated = sorted({rule for rule in found if found.count(rule) > 1})
    assert not repeated, f"rules defined twice in PROTOCOL.md: {repeated}"
    return set(found)


def citation(families: str) -> re.Pattern[str]:
    """`R6`, and ranges `F1-F3` / `L1–L7` / `R1-14`, of the spec's families only."""
    return re.compile(
        rf"(?<![\w%])([{families}])([1-9][0-9]?)(?:\s?[-–]\s?\1?([1-9][0-9]?))?(?!\w)"
    )


def cited_in(text: str, pattern: re.Pattern[str]) -> set[str]:
    rules: set[str] = set()
    for match in pattern.finditer(text):
        first = int(match[2])
        last = int(match[3]) if match[3] and int(match[3]) > first else first
        rules |= {f"{match[1]}{n}" for n in range(first, last + 1)}
    return rules


def python_texts(source: str) -> Iterator[str]:
    """Docstrings (module, class, function) and comments."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield docstring
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.string.lstrip("#")


def js_texts(source: str) -> Iterator[str]:
    """Comments and the titles of test(...), describe(...), it(...)."""
    for comment in JS_COMMENT.findall(source):
        yield comment.lstrip("/*")
    for match in JS_TITLE.finditer(source):
        yield match[2]


def cited_files() -> list[Path]:
    """The tests, this file aside: its own examples cite nothing."""
    files = sorted(ROOT.glob("tests/**/*.py")) + sorted(ROOT.glob("client/test/**/*.js"))
    return [path for path in files if path.resolve() != Path(__file__).resolve()]


def texts_of(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    return list(python_texts(source) if path.suffix == ".py" else js_texts(source))


def citations() -> dict[str, set[str]]:
    """Rule id -> the test files (relative to the repo) that cite it."""
    pattern = citation("".join(sorted({rule[0] for rule in defined_rules()})))
    by_rule: dict[str, set[str]] = {}
    for path in cited_files():
        for text in texts_of(path):
            for rule in cited_in(text, pattern):
                by_rule.setdefault(rule, set()).add(str(path.relative_to(ROOT)))
    return by_rule


def test_the_spec_defines_rules_in_several_families() -> None:
    rules = defined_rules()
    assert {"F1", "H1", "O1", "R1", "A1", "I1", "E1", "P1", "S1", "D1", "V1"} <= rules
    for family in {rule[0] for rule in rules}:
        numbers = sorted(int(rule[1:]) for rule in rules if rule[0] == family)
        assert numbers == list(range(1, len(numbers) + 1)), f"{family} ids have gaps: {numbers}"


def test_the_citation_pattern_reads_ids_and_ranges_only() -> None:
    pattern = citation("AFRS")
    assert cited_in("R6: removing a goal node (A3), F1-F3 and R1–R3; R12.", pattern) == {
        "R6", "A3", "F1", "F2", "F3", "R1", "R2", "R3", "R12",
    }  # fmt: skip
    assert cited_in("S3 T2 %A1 A0 B2B xR1 R1x sha256", pattern) == {"S3"}


def test_every_cited_rule_id_exists_in_the_spec() -> None:
    defined = defined_rules()
    unknown = {rule: files for rule, files in citations().items() if rule not in defined}
    assert not unknown, f"cited but not defined in PROTOCOL.md: {sorted(unknown.items())}"


def test_every_leading_citation_uses_a_family_the_spec_defines() -> None:
    families = {rule[0] for rule in defined_rules()}
    strays = sorted(
        (str(path.relative_to(ROOT)), text.strip().splitlines()[0])
        for path in cited_files()
        for text in texts_of(path)
        if (match := LEADING.match(text)) and match[1] not in families
    )
    assert not strays, f"rule ids of a family PROTOCOL.md does not define: {strays}"


def test_every_rule_in_the_spec_is_cited_by_a_test() -> None:
    uncited = sorted(defined_rules() - set(citations()), key=sort_key)
    assert not uncited, f"rules no test cites (name them in the test's docstring): {uncited}"
