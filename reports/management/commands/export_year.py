"""Export a body's year as a zip of workbooks (plans, meetings and agendas, evaluations, review opinions
and rectification, inspections, inquiries, livelihood projects, suggestions, figures, the year-end
summary), with manifest.json and README.txt. The logic is in reports/year_archive.py.

    python manage.py export_year 2023
    python manage.py export_year 2023 --body "广州市白云区人大常委会" --output /srv/archive/
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from reports.year_archive import ArchiveError, default_name, find_body, write_archive


class Command(BaseCommand):
    help = "把一个人大常委会某一年度的数据导出为工作簿压缩包（含清单 manifest.json）。"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="年度，如 2023")
        parser.add_argument("--body", help="人大常委会名称（全称或行政区域名）或 id；系统只有一个时可省略")
        parser.add_argument("--output", help="压缩包路径（.zip）或存放它的目录，默认当前目录")
        parser.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")

    def handle(self, *args, year, body=None, output=None, force=False, **options):
        if not 1980 <= year <= 2100:
            raise CommandError(f"年度“{year}”无法识别，请填写如 2023 的年份。")
        try:
            with scopes_disabled():
                found = find_body(body)
            target = self._target(output, found, year)
            if target.exists() and not force:
                raise CommandError(f"文件已存在：{target}（加 --force 覆盖，或换一个 --output）。")
            info = write_archive(found, year, target)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        for workbook in info["workbooks"]:
            self.stdout.write(f"  {workbook['file']}：{workbook['rows']} 行")
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(info['workbooks'])} 个工作簿到 {target}"))

    @staticmethod
    def _target(output, body, year) -> Path:
        if not output:
            return Path.cwd() / default_name(body, year)
        path = Path(output)
        if path.is_dir() or output.endswith(("/", "\\")):
            if not path.is_dir():
                raise CommandError(f"目录不存在：{path}")
            return path / default_name(body, year)
        if path.suffix.lower() != ".zip":
            raise CommandError(f"--output 应为 .zip 文件或已存在的目录，收到“{output}”。")
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}")
        return path
