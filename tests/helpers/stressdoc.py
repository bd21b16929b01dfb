"""A generated revision table too long for a few pages, for layout tests."""

from __future__ import annotations

GROUPS, POLICIES_PER_GROUP, MEASURES = 10, 30, 3
HUGE_MEASURES = 60  # one policy taller than a page
HUGE = (4, 7)  # (group, policy) of the huge one


def group_title(g: int) -> str:
    return f"第{g}区分の施策"


def policy_title(g: int, p: int) -> str:
    return f"第{g}区分第{p}方針の推進"


def measure_title(g: int, p: int, m: int) -> str:
    if (g, p) == HUGE:
        return f"大きな方針の施策{m}を着実に進める取組"
    return f"第{g}区分第{p}方針の施策{m}の実施"


def measure_count(g: int, p: int) -> int:
    return HUGE_MEASURES if (g, p) == HUGE else MEASURES


def stress_yaml() -> str:
    """300 policies in 10 groups; some measures retitled, some added."""
    lines = [
        "document: {municipality: 市, plan: 計画, title: 大きな対照表}",
        "sections:",
        "  - kind: policy_revision",
        "    id: policies",
        "    title: 施策体系",
        "    groups:",
    ]
    for g in range(1, GROUPS + 1):
        lines += [f"      - id: g{g}", f"        title: {group_title(g)}", "        policies:"]
        for p in range(1, POLICIES_PER_GROUP + 1):
            lines += [
                f"          - id: p{p}",
                f"            title: {policy_title(g, p)}",
                "            measures:",
            ]
            for m in range(1, measure_count(g, p) + 1):
                title = measure_title(g, p, m)
                if (g * p + m) % 7 == 0:
                    title = f"{{current: {title}, revised: {title}と検証}}"
                lines.append(f"              - {{id: m{m}, title: {title}}}")
            if p % 11 == 0:
                lines.append(
                    f"              - {{id: x, title: 第{g}区分第{p}方針の新設施策, only: revised}}"
                )
    return "\n".join(lines) + "\n"
