"""The simulated staff of bench/load.py: office staff, committee members and directors of several bodies.

Run through bench/load.py, which makes their accounts and passes them in RENDA_LOAD_ACCOUNTS (a JSON
file: password, year, per body the ids to open, per role the accounts and the items each may change).
A fifth of the users log in through the form at a random moment of the first minute, the others
start with a session bench/load.py made (they logged in earlier in the day); each fetches the home
page's static files once (a browser caches them), then works with RENDA_LOAD_THINK (default 1–3) seconds of thought between
requests. A request counts as an error when the answer is not the one
a user of that role should get: a 403 is right (and not an error) only where the role is refused by
design, e.g. a director trying to change an item.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ["RENDA_LOAD_ACCOUNTS"]).read_text())
YEAR = DATA["year"]
ACCOUNTS = {role: itertools.cycle(accounts) for role, accounts in DATA["accounts"].items()}
# A share of the users log in through the form (a password hash is ~0.6 s of CPU), spread over
# the first LOGIN_SPREAD_SECONDS; the others start with a session made by bench/load.py.
LOGIN_SHARE = float(os.environ.get("RENDA_LOAD_LOGIN_SHARE", "0.2"))
LOGIN_SPREAD_SECONDS = 60
THINK_MIN, THINK_MAX = (float(x) for x in os.environ.get("RENDA_LOAD_THINK", "1-3").split("-"))
EXPORT_JOB_SECONDS = []  # request to file ready, per background export
# The worker runs at low CPU priority (bench/load.py): under full load an export of every item waits
# for the pages. Longer than this is a failure.
EXPORT_WAIT_SECONDS = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
CURRENT_STATUS_RE = re.compile(r'<option value="(\w+)" selected>')
SUGGESTION_LINK_RE = re.compile(r'href="/suggestions/(\d+)/"')
STATIC_RE = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@events.quitting.add_listener
def save_export_jobs(environment, **kwargs):
    out = os.environ.get("RENDA_LOAD_OUT")
    if out:
        Path(out, "export_jobs.json").write_text(json.dumps(EXPORT_JOB_SECONDS))


class Staff(HttpUser):
    abstract = True
    wait_time = between(THINK_MIN, THINK_MAX)
    role = ""

    def on_start(self):
        self.account = next(ACCOUNTS[self.role])
        self.body = DATA["bodies"][str(self.account["body"])]
        self.writable = list(self.account["writable"])
        random.shuffle(self.writable)
        if random.random() < LOGIN_SHARE:
            time.sleep(random.uniform(0, LOGIN_SPREAD_SECONDS))  # people arrive over the morning
            self.log_in()
        else:  # logged in earlier: the session bench/load.py made
            self.client.cookies.set(DATA["session_cookie"], self.account["session"])
            self.fetch_static(self.page("/", "home"))

    # --- helpers -------------------------------------------------------------------------------

    def log_in(self):
        page = self.client.get("/accounts/login/", name="log-in page")
        token = CSRF_RE.search(page.text).group(1)
        with self.client.post("/accounts/login/", name="log in", allow_redirects=False, catch_response=True,
                              data={"username": self.account["username"], "password": DATA["password"],
                                    "csrfmiddlewaretoken": token}) as response:
            if response.status_code != 302 or "/accounts/login/" in response.headers.get("Location", ""):
                response.failure(f"log-in of {self.account['username']} refused ({response.status_code})")
                return
        self.fetch_static(self.page("/", "home"))

    def fetch_static(self, home):
        for url in STATIC_RE.findall(home.text or ""):
            with self.client.get(url, name="static file", catch_response=True) as response:
                if response.status_code != 200 or not response.content:
                    response.failure(f"{url}: {response.status_code}")

    def page(self, url, name, expect=200, contains=None):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != expect:
                response.failure(f"{url}: {response.status_code or response.error}, expected {expect}")
            elif "/accounts/login/" in response.headers.get("Location", ""):
                response.failure(f"{url}: sent to the log-in page")
            elif contains and contains not in response.text:
                response.failure(f"{url}: no “{contains}” on the page")
        return response

    def api(self, url, name):
        with self.client.get(url, name=name, catch_response=True, headers={"Accept": "application/json"}) as response:
            if response.status_code != 200:
                response.failure(f"{url}: {response.status_code or response.error}")
                return None
            try:
                return response.json()
            except ValueError:
                response.failure(f"{url}: not JSON")
                return None

    def pick(self, key):
        ids = self.body[key]
        return random.choice(ids) if ids else None

    def csrf_header(self):
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Accept": "application/json"}

    @staticmethod
    def next_status(status):
        return {"not_started": "preparing", "preparing": "not_started"}.get(status)

    def download(self, url, name):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code == 302 and "/jobs/" in response.headers.get("Location", ""):
                response.success()
                self.follow_job(response.headers["Location"])
            elif response.status_code != 200 or not response.headers.get("Content-Type", "").startswith(XLSX):
                response.failure(f"{url}: {response.status_code} {response.headers.get('Content-Type')}")

    def follow_job(self, location):
        """Poll a background export as its page does (every 2 s) and fetch the file."""
        started = time.monotonic()
        job_url = location.split("?")[0]
        while time.monotonic() - started < EXPORT_WAIT_SECONDS:
            time.sleep(2)
            job = self.api(f"{job_url}?format=json", "export job (poll)")
            if job is None:
                return
            if job["status"] == "done":
                EXPORT_JOB_SECONDS.append(time.monotonic() - started)
                self.download(job["download"], "export job download")
                return
            if job["status"] == "failed":
                with self.client.get(f"{job_url}?format=json", name="export job (poll)", catch_response=True) as r:
                    r.failure(f"export job failed: {job.get('message')}")
                return
        with self.client.get(f"{job_url}?format=json", name="export job (poll)", catch_response=True) as r:
            r.failure(f"export job not done after {EXPORT_WAIT_SECONDS} s")

    # --- reading, shared by every role -------------------------------------------------------------

    @task(4)
    def item_list(self):
        query = random.choice([f"year={YEAR}", f"year={YEAR}&page={random.randint(2, 5)}",
                               f"year={YEAR}&status={random.choice(['preparing', 'submitted', 'done'])}",
                               f"year={YEAR - 1}", "q=" + random.choice(["改革", "报告", "执法检查", "民生"])])
        self.page(f"/items/?{query}", "item list")

    @task(4)
    def item_detail(self):
        self.page(f"/items/{self.pick('items')}/", "item detail")

    @task(2)
    def meeting_list(self):
        self.page(random.choice(["/meetings/", f"/meetings/?year={YEAR}"]), "meeting list")

    @task(2)
    def meeting_detail(self):
        if self.body["meetings"]:
            self.page(f"/meetings/{self.pick('meetings')}/", "meeting detail")

    @task(2)
    def suggestions(self):
        listed = self.page(random.choice(["/suggestions/", f"/suggestions/?year={YEAR}", "/suggestions/?q=养老"]),
                           "suggestion list")
        shown = SUGGESTION_LINK_RE.findall(listed.text or "")  # those the role may see, as a user picks one
        if shown and random.random() < 0.5:
            self.page(f"/suggestions/{random.choice(shown)}/", "suggestion detail")

    @task(1)
    def evaluations(self):
        self.page("/supervision/evaluations/", "evaluation list")
        if self.body["evaluations"]:
            self.page(f"/supervision/evaluations/{self.pick('evaluations')}/", "evaluation detail")

    @task(2)
    def notifications(self):
        self.page("/notifications/", "notification list")

    @task(2)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(1)
    def summary(self):
        self.page(f"/summary/{random.choice([YEAR, YEAR - 1])}/", "year summary")

    @task(2)
    def api_lists(self):
        url, name = random.choice([
            (f"/api/v1/plan-items/?year={YEAR}", "API plan-items list"),
            (f"/api/v1/meetings/?year={YEAR}", "API meetings list"),
            ("/api/v1/suggestions/", "API suggestions list"),
            ("/api/v1/notifications/", "API notifications list"),
            ("/api/v1/evaluations/", "API evaluations list"),
        ])
        self.api(url, name)

    @task(1)
    def agenda_export(self):
        if self.body["meetings"]:
            self.download(f"/meetings/{self.pick('meetings')}/agenda.xlsx", "export agenda (xlsx)")


class OfficeUser(Staff):
    """办公室: lists, plans, exports, and the status of the items in its care."""

    role = "office"
    weight = 2

    @task(1)
    def plan_detail(self):
        if self.body["plans"]:
            self.page(f"/plans/{self.pick('plans')}/", "plan detail")

    @task(1)
    def exports(self):
        url, name = random.choice([
            (f"/items/?year={YEAR}&export=xlsx", "export item list of the year (xlsx)"),
            ("/items/?export=xlsx", "export all items (xlsx, background job)"),
            (f"/plans/{self.pick('plans')}/export.xlsx" if self.body["plans"] else None, "export plan (xlsx)"),
        ])
        if url:
            self.download(url, name)

    @task(3)
    def status_by_form(self):
        change_by_form(self)

    @task(3)
    def status_by_api(self):
        change_by_api(self)


class CommitteeMember(Staff):
    """委员会成员: its committee's items, and their status."""

    role = "member"
    weight = 2

    @task(3)
    def my_items(self):
        self.page(random.choice(["/items/mine/", f"/items/mine/?year={YEAR}"]), "my items")

    @task(1)
    def committee_items(self):
        self.page(f"/items/?year={YEAR}&committee={self.account['committee']}", "item list")

    @task(3)
    def status_by_form(self):
        change_by_form(self)

    @task(3)
    def status_by_api(self):
        change_by_api(self)

    @task(1)
    def other_committees_item(self):
        """An item the member's committee does not own: readable, but a change is refused (403)."""
        item = self.pick("items")
        data = self.api(f"/api/v1/plan-items/{item}/", "API plan item")
        if not data or self.account["committee_name"] in committees_of(data) or data.get("all_committees_help"):
            return
        refused_change(self, item, data, "API status, other committee's item (403 expected)")


class Director(Staff):
    """主任会议成员: the dashboard, the summary and the lists; reads everything, changes nothing."""

    role = "director"
    weight = 1

    @task(6)
    def dashboard(self):
        self.page(random.choice(["/dashboard/", f"/dashboard/?year={YEAR - 1}"]), "dashboard")

    @task(2)
    def dashboard_api(self):
        self.api(random.choice(["/api/v1/dashboard/", f"/api/v1/summary/{YEAR}/"]), "API dashboard / summary")

    @task(2)
    def overdue(self):
        self.page(f"/items/?year={YEAR}&overdue=true", "item list")

    @task(1)
    def departments(self):
        self.page("/supervision/departments/", "department evaluations overview")

    @task(1)
    def tries_a_change(self):
        item = self.pick("items")
        data = self.api(f"/api/v1/plan-items/{item}/", "API plan item")
        if data:
            refused_change(self, item, data, "API status by director (403 expected)")


# --- status changes ------------------------------------------------------------------------------------


def committees_of(item_json) -> set:
    return {*item_json.get("lead_committees", []), *item_json.get("helping_committees", [])}


def next_item(user):
    if not user.writable:
        return None
    user.writable.append(user.writable.pop(0))
    return user.writable[-1]


def change_by_form(user):
    """The item page's status form: read the page (version, token), post, and see the result."""
    item = next_item(user)
    if item is None:
        return
    page = user.page(f"/items/{item}/", "item detail")
    version, token = VERSION_RE.search(page.text or ""), CSRF_RE.search(page.text or "")
    status = CURRENT_STATUS_RE.search(page.text or "")
    current = status.group(1) if status else None
    if not (version and token):
        with user.client.get(f"/items/{item}/", name="item detail", catch_response=True) as response:
            response.failure(f"/items/{item}/: no status form for {user.account['username']}")
        return
    to = user.next_status(current) or random.choice(["preparing", "not_started"])
    with user.client.post(f"/items/{item}/status/", name="status change (form)", allow_redirects=False,
                          catch_response=True,
                          data={"csrfmiddlewaretoken": token.group(1), "version": version.group(1), "status": to,
                                "progress": random.randint(0, 60) if to == "preparing" else 0,
                                "note": "压力测试：更新进展", "next": f"/items/{item}/"}) as response:
        if response.status_code != 302:
            response.failure(f"status form: {response.status_code}")
            return
    user.page(response.headers["Location"].split("#")[0], "item detail (after the change)", contains="已更新")


def change_by_api(user):
    """GET the item (its version), then POST its status with that version: 200 expected."""
    item = next_item(user)
    if item is None:
        return
    data = user.api(f"/api/v1/plan-items/{item}/", "API plan item")
    if not data:
        return
    to = user.next_status(data["status"])
    if to is None:
        return
    with user.client.post(f"/api/v1/plan-items/{item}/status/", name="API status change", catch_response=True,
                          headers=user.csrf_header(),
                          json={"status": to, "version": data["version"], "note": "压力测试：接口更新",
                                "progress": random.randint(0, 60) if to == "preparing" else 0}) as response:
        if response.status_code != 200:
            response.failure(f"API status: {response.status_code} {response.text[:200]}")


def refused_change(user, item, data, name):
    to = user.next_status(data["status"]) or data["status"]
    with user.client.post(f"/api/v1/plan-items/{item}/status/", name=name, catch_response=True,
                          headers=user.csrf_header(), json={"status": to, "version": data["version"]}) as response:
        if response.status_code == 403:
            response.success()
        else:
            response.failure(f"expected 403, got {response.status_code}")
