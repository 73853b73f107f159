#!/usr/bin/env python
"""Time one 相似建议 lookup (deputies.similar.lookup.similar_suggestions) on the largest bench body (20,000
suggestions), and check on the bench data that what it finds is on the draft's topic.

    .venv/bin/python bench/similar.py                        # throwaway PostgreSQL 15, one bench body generated
    .venv/bin/python bench/similar.py --data-dir /tmp/bench  # keep the cluster (shared with bench/run.py)
    DATABASE_URL=postgres://… .venv/bin/python bench/similar.py
    DATABASE_URL=sqlite:////tmp/similar.sqlite3 .venv/bin/python bench/similar.py   # the same on SQLite

Target (issue 22 §1): one lookup for a draft takes ≤ 200 ms on the largest bench body (20,000 suggestions).

The database is found or made as bench/run.py does. If it holds no bench body yet, one body with
`--suggestions` suggestions is generated (`generate_bench_data --bodies 1 …`; the full 10-year data of
bench/run.py serves as well: its largest body has 20,000). The similarity index is then built once (timed: it is
what the first lookup after a bulk import pays), and `--runs` lookups are timed, each with another draft: a
bench topic in other words (the drafts a deputy types), as the panel asks (earlier years and this year: two
lookups, both timed together). PASS/FAIL lines close the report (exit status 1 on a FAIL).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench_run  # noqa: E402

# Drafts a deputy might type on the bench topics (deputies/demo/bench.py TOPICS), in other words.
DRAFTS = [
    ("老旧小区微改造", "小区楼房老化，建议加快微改造，加装电梯"), ("缓解交通拥堵", "上下班高峰路口拥堵严重"),
    ("增设公交线路", "村里没有公交，希望开通新线路"), ("增加公办学位", "孩子上公办学校难，学位不够"),
    ("中小学课后服务", "放学后托管服务内容单一"), ("社区居家养老服务", "老人居家养老缺少上门服务"),
    ("增设长者饭堂", "老年人吃饭不方便，多办长者饭堂"), ("基层医疗服务能力", "社区医院看病设备少"),
    ("农村生活污水治理", "村里污水直排，建议建管网"), ("河涌黑臭水体整治", "河涌发黑发臭需要清淤"),
    ("生活垃圾分类", "垃圾分类投放点不够"), ("口袋公园建设", "附近没有休闲绿地，建小公园"),
    ("农贸市场升级改造", "肉菜市场脏乱差"), ("食品安全监管", "学校周边食品安全问题"),
    ("村级集体经济发展", "村集体收入低"), ("就业技能培训", "外来务工人员需要技能培训"),
    ("优化营商环境", "企业办事难、审批慢"), ("出租屋消防安全", "城中村出租屋消防隐患多"),
    ("电动自行车充电安全", "电动车在楼道充电容易起火"), ("全民健身场地建设", "缺少运动健身场地"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--suggestions", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--data-dir", type=Path, help="keep the throwaway cluster here and reuse it next time")
    parser.add_argument("--target-ms", type=float, default=200)
    args = parser.parse_args()

    bench_run.setup_django(args.data_dir)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from core.models import Body
    from deputies.similar import index
    from deputies.similar.views import panel

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        body = (Body.objects.filter(name__startswith="基准测试").annotate(n=Count("suggestions"))
                .order_by("-n").first())
        if body is None or body.n < args.suggestions:
            start = time.monotonic()
            call_command("generate_bench_data", bodies=1, items=2000, largest=2000, years=args.years,
                         seed=args.seed, suggestions=args.suggestions, largest_suggestions=args.suggestions,
                         deputies=600, largest_deputies=600)
            print(f"generated one bench body in {time.monotonic() - start:.0f}s")
            body = (Body.objects.filter(name__startswith="基准测试").annotate(n=Count("suggestions"))
                    .order_by("-n").first())
        print(f"body: {body.name}, {body.n} suggestions")
        start = time.monotonic()
        index.ensure_index(body)  # builds it unless an earlier run did (a kept --data-dir)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"index built in {time.monotonic() - start:.1f}s (once, after a bulk import; 0 s when already built)")
        year = max(body.suggestions.values_list("year", flat=True))
        timings, on_topic, shown = [], 0, 0
        for run in range(args.runs):
            topic, text = DRAFTS[run % len(DRAFTS)]
            title = f"关于{text}的建议" if run % 2 else f"建议推进{topic}"
            start = time.perf_counter()
            found = panel(body, title, text, year=year)
            timings.append((time.perf_counter() - start) * 1000)
            rows = found["earlier"] + found["this_year"]
            shown += len(rows)
            on_topic += sum(topic in s.title for s in rows)
    median, worst = statistics.median(timings), max(timings)
    print(f"lookup (earlier years + this year): median {median:.0f} ms, p90 "
          f"{sorted(timings)[int(len(timings) * 0.9) - 1]:.0f} ms, max {worst:.0f} ms over {len(timings)} drafts")
    print(f"on the draft's topic: {on_topic} of {shown} shown ({on_topic / max(shown, 1):.0%})")
    ok = median <= args.target_ms
    print(f"{'PASS' if ok else 'FAIL'}: median lookup {median:.0f} ms ≤ {args.target_ms:.0f} ms")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
