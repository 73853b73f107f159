"""The permission matrix: every route of the URL configuration, as every role, by every method it takes.

Rows are every route (tests/permission_matrix_walk.py finds them: page routes and the API, Django's admin
aside, which test_admin_is_for_platform_administrators covers), so a route added later fails
test_every_route_has_a_row until it gets one. Columns are the roles: anonymous, the office, a committee
member (lead-caijing) on an object of their own committee (财经工委) and on another committee's (社会建设工委),
a director, an administrator. Objects come from tests/permission_matrix_objects.py.

Each cell is the answer expected, written from the rules of who may do what (README "What each role can
do", core/roles.py, each app's permissions.py), never recorded from the app:

    ok     allowed: 2xx, a redirect other than to the log-in, or a form sent back with its errors (400) or a
           conflict (409): the request got past the permission check
    deny   403 with the reason
    login  anonymous: a redirect to the log-in page (pages) or 401 (API)
    404    not found for this user (an object they may not see)
    405    the route does not take this method

Methods: pages by GET and POST; API routes by GET and each writing method their view maps (writing methods a
route does not map are left out). One code stands for every method of the row; otherwise the codes follow the
methods column, joined by "+". Writes carry empty data (a form error tells "allowed" from "refused"); each
request runs in a savepoint that is rolled back, so no cell sees another's writes. Pages that show no form
answer a POST as their GET (nothing is written), so their POST cell is the GET's.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import client_for
from tests.permission_matrix_objects import Objects
from tests.permission_matrix_walk import ROLES, USERS, clients, code, request, routes, url_for

TABLE = """
# route                             methods            anon         office        own           other         director      admin
# --- everyone, no log-in: the favicon (a redirect to the static file), log-in, one-time links, public pages
/favicon.ico                        GET+POST           ok           ok            ok            ok            ok            ok
login                               GET+POST           ok           ok            ok            ok            ok            ok
account-setup                       GET+POST           ok           ok            ok            ok            ok            ok
public-index                        GET+POST           ok           ok            ok            ok            ok            ok
public-suggestions                  GET+POST           ok           ok            ok            ok            ok            ok
public-suggestion                   GET+POST           ok           ok            ok            ok            ok            ok
# the liaison stations' 码上见代表 pages: a station's, an opted-in deputy's, following a matter by its receipt code
public-station                      GET+POST           ok           ok            ok            ok            ok            ok
public-deputy                       GET+POST           ok           ok            ok            ok            ok            ok
public-matter-follow                GET+POST           ok           ok            ok            ok            ok            ok
# --- every staff user: their own account, notifications, where they land
logout                              GET+POST           login        405+login     405+login     405+login     405+login     405+login
password-change                     GET+POST           login        ok            ok            ok            ok            ok
home                                GET+POST           login        ok            ok            ok            ok            ok
portal-home                         GET+POST           login        ok            ok            ok            ok            ok
notification-list                   GET+POST           login        ok            ok            ok            ok            ok
notification-settings               GET+POST           login        ok            ok            ok            ok            ok
notification-read-all               GET+POST           login        405+ok        405+ok        405+ok        405+ok        405+ok
notification-open                   GET+POST           login        404           ok            404           404           404
notification-read                   GET+POST           login        405+404       405+ok        405+404       405+404       405+404
# calendar subscriptions (reports/calendars/): everyone's own page; a link is renewed by its owner alone; the feeds
# take no log-in (the secret in the address is the credential) and no POST
calendar-subscriptions              GET+POST           login        ok+405        ok+405        ok+405        ok+405        ok+405
calendar-renew                      GET+POST           login        405+404       405+ok        405+404       405+404       405+404
calendar-feed                       GET+POST           ok+405       ok+405        ok+405        ok+405        ok+405        ok+405
calendar-public                     GET+POST           ok+405       ok+405        ok+405        ok+405        ok+405        ok+405
# --- the deputies' and units' portal: staff are refused (a POST-only step: 405 by GET)
portal-deputy-home                  GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-suggestions           GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-suggestion            GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-draft-new             GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-draft-edit            GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-draft-delete          GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-original-remove       GET+POST           login        405+deny      405+deny      405+deny      405+deny      405+deny
portal-deputy-document              GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-submit                GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-confirm               GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-decline               GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-feedback              GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-receptions            GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-reception-new         GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-matters               GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-matters-qr            GET+POST           login        deny+405      deny+405      deny+405      deny+405      deny+405
portal-deputy-matter                GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-matter-step           GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-matter-photo          GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-duty                  GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-declare               GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-declare-edit          GET+POST           login        deny          deny          deny          deny          deny
portal-deputy-declare-proof         GET+POST           login        deny          deny          deny          deny          deny
portal-unit-home                    GET+POST           login        deny          deny          deny          deny          deny
portal-unit-suggestions             GET+POST           login        deny          deny          deny          deny          deny
portal-unit-suggestion              GET+POST           login        deny          deny          deny          deny          deny
portal-unit-document                GET+POST           login        deny          deny          deny          deny          deny
portal-unit-sign                    GET+POST           login        deny          deny          deny          deny          deny
portal-unit-reassign                GET+POST           login        deny          deny          deny          deny          deny
portal-unit-co-input                GET+POST           login        deny          deny          deny          deny          deny
portal-unit-contact                 GET+POST           login        deny          deny          deny          deny          deny
portal-unit-extension               GET+POST           login        deny          deny          deny          deny          deny
portal-unit-reply                   GET+POST           login        deny          deny          deny          deny          deny
portal-unit-reply-document          GET+POST           login        405+deny      405+deny      405+deny      405+deny      405+deny
portal-unit-opinions                GET+POST           login        deny          deny          deny          deny          deny
portal-unit-opinion                 GET+POST           login        deny          deny          deny          deny          deny
portal-unit-opinion-document        GET+POST           login        deny          deny          deny          deny          deny
portal-unit-opinion-respond         GET+POST           login        405+deny      405+deny      405+deny      405+deny      405+deny
portal-unit-rectifications          GET+POST           login        deny          deny          deny          deny          deny
portal-unit-rectification           GET+POST           login        deny          deny          deny          deny          deny
portal-unit-rectification-note      GET+POST           login        405+deny      405+deny      405+deny      405+deny      405+deny
portal-unit-evaluation              GET+POST           login        deny          deny          deny          deny          deny
portal-unit-special-report          GET+POST           login        405+deny      405+deny      405+deny      405+deny      405+deny
# --- settings: deadline rules (office and directors read, administrators change), the sending log (administrators)
body-rules                          GET+POST           login        ok+deny       deny          deny          ok+deny       ok
reminder-log                        GET+POST           login        deny          deny          deny          deny          ok
reminder-retry                      GET+POST           login        405+deny      405+deny      405+deny      405+deny      405+ok
# --- the body administrator's set-up (/settings/): administrators only; a list page answers a POST as its GET
settings-index                      GET+POST           login        deny          deny          deny          deny          ok
settings-users                      GET+POST           login        deny          deny          deny          deny          ok
settings-user-create                GET+POST           login        deny          deny          deny          deny          ok
settings-users-import               GET+POST           login        deny          deny          deny          deny          ok
settings-users-template             GET+POST           login        deny          deny          deny          deny          ok
settings-user-edit                  GET+POST           login        deny          deny          deny          deny          ok
settings-user-reissue               GET+POST           login        deny          deny          deny          deny          405+ok
settings-committees                 GET+POST           login        deny          deny          deny          deny          ok
settings-committee-create           GET+POST           login        deny          deny          deny          deny          ok
settings-committee-edit             GET+POST           login        deny          deny          deny          deny          ok
settings-reporting-bodies           GET+POST           login        deny          deny          deny          deny          ok
settings-reporting-body-create      GET+POST           login        deny          deny          deny          deny          ok
settings-reporting-body-edit        GET+POST           login        deny          deny          deny          deny          ok
settings-terms                      GET+POST           login        deny          deny          deny          deny          ok
settings-term-create                GET+POST           login        deny          deny          deny          deny          ok
settings-term-edit                  GET+POST           login        deny          deny          deny          deny          ok
settings-tokens                     GET+POST           login        deny          deny          deny          deny          ok
settings-token-revoke               GET+POST           login        deny          deny          deny          deny          405+ok
settings-logins                     GET+POST           login        deny          deny          deny          deny          ok
settings-login-unlock               GET+POST           login        deny          deny          deny          deny          405+ok
# --- the platform's pages (/platform/): platform administrators only, who belong to no body; every body user is refused
platform-bodies                     GET+POST           login        deny          deny          deny          deny          deny
platform-body-create                GET+POST           login        deny          deny          deny          deny          deny
platform-body-edit                  GET+POST           login        deny          deny          deny          deny          deny
platform-body-admin                 GET+POST           login        deny          deny          deny          deny          deny
# --- accounts of deputies and units: the office and administrators
deputy-accounts                     GET+POST           login        ok            deny          deny          deny          ok
deputy-account-active               GET+POST           login        ok            deny          deny          deny          ok
deputy-account-reissue              GET+POST           login        ok            deny          deny          deny          ok
unit-accounts                       GET+POST           login        ok            deny          deny          deny          ok
unit-contact-active                 GET+POST           login        ok            deny          deny          deny          ok
unit-contact-reissue                GET+POST           login        ok            deny          deny          deny          ok
account-handout                     GET+POST           login        ok            deny          deny          deny          ok
# --- reading pages: every staff user (a page without a form answers a POST as its GET: nothing is written)
dashboard                           GET+POST           login        ok            ok            ok            ok            ok
summary                             GET+POST           login        ok            ok            ok            ok            ok
summary-count                       GET+POST           login        ok            ok            ok            ok            ok
summary-planned                     GET+POST           login        ok            ok            ok            ok            ok
summary-xlsx                        GET+POST           login        ok            ok            ok            ok            ok
summary-docx                        GET+POST           login        ok            ok            ok            ok            ok
plan-detail                         GET+POST           login        ok            ok            ok            ok            ok
plan-export                         GET+POST           login        ok            ok            ok            ok            ok
item-list                           GET+POST           login        ok            ok            ok            ok            ok
plan-list                           GET+POST           login        ok            ok            ok            ok            ok
my-items                            GET+POST           login        ok            ok            ok            ok            ok
item-detail                         GET+POST           login        ok            ok            ok            ok            ok
document-download                   GET+POST           login        ok            ok            ok            ok            ok
meeting-list                        GET+POST           login        ok            ok            ok            ok            ok
meeting-calendar                    GET+POST           login        ok            ok            ok            ok            ok
meeting-detail                      GET+POST           login        ok            ok            ok            ok            ok
meeting-agenda-xlsx                 GET+POST           login        ok            ok            ok            ok            ok
meeting-member-agenda-xlsx          GET+POST           login        ok            ok            ok            ok            ok
meeting-schedule-xlsx               GET+POST           login        ok            ok            ok            ok            ok
meeting-materials                   GET+POST           login        ok            ok            ok            ok            ok
material-step-document              GET+POST           login        ok            ok            ok            ok            ok
opinion-list                        GET+POST           login        ok            ok            ok            ok            ok
opinion-document                    GET+POST           login        ok            ok            ok            ok            ok
rectification-list                  GET+POST           login        ok            ok            ok            ok            ok
rectification-detail                GET+POST           login        ok            ok            ok            ok            ok
livelihood-list                     GET+POST           login        ok            ok            ok            ok            ok
livelihood-detail                   GET+POST           login        ok            ok            ok            ok            ok
inspection-list                     GET+POST           login        ok            ok            ok            ok            ok
inspection-detail                   GET+POST           login        ok            ok            ok            ok            ok
inquiry-list                        GET+POST           login        ok            ok            ok            ok            ok
evaluation-list                     GET+POST           login        ok            ok            ok            ok            ok
evaluation-detail                   GET+POST           login        ok            ok            ok            ok            ok
evaluation-departments              GET+POST           login        ok            ok            ok            ok            ok
department-evaluations              GET+POST           login        ok            ok            ok            ok            ok
deputy-list                         GET+POST           login        ok            ok            ok            ok            ok
deputy-detail                       GET+POST           login        ok            ok            ok            ok            ok
station-list                        GET+POST           login        ok            ok            ok            ok            ok
station-detail                      GET+POST           login        ok            ok            ok            ok            ok
reception-list                      GET+POST           login        ok            ok            ok            ok            ok
reception-counts                    GET+POST           login        ok            ok            ok            ok            ok
attendance-list                     GET+POST           login        ok            ok            ok            ok            ok
training-list                       GET+POST           login        ok            ok            ok            ok            ok
training-detail                     GET+POST           login        ok            ok            ok            ok            ok
# a meeting's 列席 page: everyone reads it, the office alone records (POST)
meeting-attendance                  GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
summary-figure-record               GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
suggestion-list                     GET+POST           login        ok            ok            ok            ok            ok
suggestion-figures                  GET+POST           login        ok            ok            ok            ok            ok
suggestion-topics                   GET+POST           login        ok            ok            ok            ok            ok
# 建议办理工作评价: every staff member reads the ranking; the office (and administrators) alone freeze a year
unit-evaluation                     GET+POST           login        ok            ok            ok            ok            ok
unit-evaluation-freeze              GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
# 代表履职积分: the office (代表工委, and administrators) and directors read every deputy's record; committee members
# are refused; the office alone approves or returns declarations, records attendance and freezes a year
duty-overview                       GET+POST           login        ok            deny          deny          ok            ok
duty-deputy                         GET+POST           login        ok            deny          deny          ok            ok
duty-declared-list                  GET+POST           login        ok            deny          deny          ok            ok
duty-declared-detail                GET+POST           login        ok            deny          deny          ok+deny       ok
duty-declared-proof                 GET+POST           login        ok            deny          deny          ok            ok
duty-attendance                     GET+POST           login        ok            deny          deny          deny          ok
duty-freeze                         GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
suggestion-requests                 GET+POST           login        ok            ok            ok            ok            ok
session-list                        GET+POST           login        ok            ok            ok            ok            ok
# a suggestion: the office and directors read all; a member only their committee's (another's is not found)
suggestion-detail                   GET+POST           login        ok            ok            404           ok            ok
suggestion-document                 GET+POST           login        ok            ok            404           ok            ok
# threads of repeated suggestions (连续多年提出): the office and directors read all, a member those of their committee
# (the demo's is 社会建设工委's: not found for 财经工委's member); the office changes them; notes: + the committee
thread-list                         GET+POST           login        ok            ok            ok            ok            ok
thread-detail                       GET+POST           login        ok            404           404           ok            ok
thread-create                       GET+POST           login        ok            deny          deny          deny          ok
thread-add                          GET+POST           login        ok            404           404           ok+deny       ok
thread-remove                       GET+POST           login        ok            404           404           ok+deny       ok
thread-supervise                    GET+POST           login        ok            404           404           ok+deny       ok
thread-note                         GET+POST           login        ok            404           404           ok+deny       ok
# the 相似建议 panel's JSON: staff (the suggestions each may see); the deputy's own under the portal
similar-suggestions                 GET+POST           login        ok+405        ok+405        ok+405        ok+405        ok+405
portal-deputy-similar               GET+POST           login        deny+405      deny+405      deny+405      deny+405      deny+405
api:suggestion-thread-list          GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:suggestion-thread-detail        GET                login        ok            404           404           ok            ok
api:suggestion-thread-add           GET+POST           login        405+ok        405+404       405+404       405+deny      405+ok
api:suggestion-thread-remove        GET+POST           login        405+ok        405+404       405+404       405+deny      405+ok
api:suggestion-thread-supervision   GET+POST           login        405+ok        405+404       405+404       405+deny      405+ok
api:suggestion-thread-notes         GET+POST           login        405+ok        405+404       405+404       405+deny      405+ok
api:suggestion-similar              GET                login        ok            ok            404           ok            ok
api:similar-suggestions             GET                login        ok            ok            ok            ok            ok
# a job (an export) is shown to whoever started it (the office user here) and to administrators
job-detail                          GET+POST           login        ok            404           404           404           ok
job-download                        GET+POST           login        ok            404           404           404           ok
# --- pages whose form is the committee's: everyone reads, the office and the owning committee write
opinion-detail                      GET+POST           login        ok            ok            ok+deny       ok+deny       ok
item-status                         GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
item-note                           GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
item-document-upload                GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
# an opinion's response report is the committee's like the response (its own file, the office's: refused to all here)
opinion-file                        GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
# an item's document is removed or replaced by its uploader or the office: the matrix's was uploaded by neither
document-replace                    GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
document-remove                     GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
material-step-record                GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
material-step-document-remove       GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
rectification-note                  GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
rectification-close                 GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
livelihood-progress                 GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
suggestion-key-note                 GET+POST           login        ok            ok            deny          deny          ok
# --- pages everyone reads whose form is the office's
followup-detail                     GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
inquiry-edit                        GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
# --- the office's pages (and administrators')
plan-create                         GET+POST           login        ok            deny          deny          deny          ok
plan-edit                           GET+POST           login        ok            deny          deny          deny          ok
plan-adopt                          GET+POST           login        ok            deny          deny          deny          ok
plan-adjust                         GET+POST           login        ok            deny          deny          deny          ok
plan-copy                           GET+POST           login        ok            deny          deny          deny          ok
section-create                      GET+POST           login        ok            deny          deny          deny          ok
section-edit                        GET+POST           login        ok            deny          deny          deny          ok
item-create                         GET+POST           login        ok            deny          deny          deny          ok
item-edit                           GET+POST           login        ok            deny          deny          deny          ok
entry-remove                        GET+POST           login        ok            deny          deny          deny          ok
plan-import                         GET+POST           login        ok            deny          deny          deny          ok
plan-import-template                GET+POST           login        ok+405        deny          deny          deny          ok+405
plan-import-preview                 GET+POST           login        ok+405        deny          deny          deny          ok+405
plan-import-status                  GET+POST           login        ok+405        deny          deny          deny          ok+405
plan-import-mapping                 GET+POST           login        405+ok        deny          deny          deny          405+ok
plan-import-reupload                GET+POST           login        405+ok        deny          deny          deny          405+ok
plan-import-commit                  GET+POST           login        405+ok        deny          deny          deny          405+ok
plan-word-import                    GET+POST           login        ok            deny          deny          deny          ok
plan-word-import-preview            GET+POST           login        ok+405        deny          deny          deny          ok+405
plan-word-import-correct            GET+POST           login        405+ok        deny          deny          deny          405+ok
plan-word-import-commit             GET+POST           login        405+ok        deny          deny          deny          405+ok
meeting-create                      GET+POST           login        ok            deny          deny          deny          ok
meeting-edit                        GET+POST           login        ok            deny          deny          deny          ok
meeting-cancel                      GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
meeting-delete                      GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
meeting-outcomes                    GET+POST           login        ok            deny          deny          deny          ok
agenda-builder                      GET+POST           login        ok            deny          deny          deny          ok
agenda-item-create                  GET+POST           login        ok            deny          deny          deny          ok
agenda-item-edit                    GET+POST           login        ok            deny          deny          deny          ok
agenda-item-move                    GET+POST           login        ok            deny          deny          deny          ok
agenda-item-remove                  GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
agenda-reorder                      GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
agenda-fix                          GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
opinion-create                      GET+POST           login        ok            deny          deny          deny          ok
opinion-send                        GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
rectification-create                GET+POST           login        ok            deny          deny          deny          ok
rectification-schedule              GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
livelihood-create                   GET+POST           login        ok            deny          deny          deny          ok
inspection-create                   GET+POST           login        ok            deny          deny          deny          ok
inspection-edit                     GET+POST           login        ok            deny          deny          deny          ok
evaluation-create                   GET+POST           login        ok            deny          deny          deny          ok
evaluation-entry                    GET+POST           login        ok            deny          deny          deny          ok
evaluation-new-report               GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
deputy-create                       GET+POST           login        ok            deny          deny          deny          ok
deputy-edit                         GET+POST           login        ok            deny          deny          deny          ok
deputy-import                       GET+POST           login        ok            deny          deny          deny          ok
deputy-import-preview               GET+POST           login        ok+405        deny          deny          deny          ok+405
deputy-import-status                GET+POST           login        ok+405        deny          deny          deny          ok+405
deputy-import-reupload              GET+POST           login        405+ok        deny          deny          deny          405+ok
deputy-import-commit                GET+POST           login        405+ok        deny          deny          deny          405+ok
station-create                      GET+POST           login        ok            deny          deny          deny          ok
station-edit                        GET+POST           login        ok            deny          deny          deny          ok
reception-create                    GET+POST           login        ok            deny          deny          deny          ok
reception-edit                      GET+POST           login        ok            deny          deny          deny          ok
training-create                     GET+POST           login        ok            deny          deny          deny          ok
training-edit                       GET+POST           login        ok            deny          deny          deny          ok
session-create                      GET+POST           login        ok            deny          deny          deny          ok
suggestion-create                   GET+POST           login        ok            deny          deny          deny          ok
suggestions-to-plan                 GET+POST           login        ok            deny          deny          deny          ok
suggestion-edit                     GET+POST           login        ok            deny          deny          deny          ok
suggestion-import                   GET+POST           login        ok            deny          deny          deny          ok
suggestion-import-preview           GET+POST           login        ok+405        deny          deny          deny          ok+405
suggestion-import-status            GET+POST           login        ok+405        deny          deny          deny          ok+405
suggestion-import-reupload          GET+POST           login        405+ok        deny          deny          deny          405+ok
suggestion-import-commit            GET+POST           login        405+ok        deny          deny          deny          405+ok
suggestion-batch-assign             GET+POST           login        ok            deny          deny          deny          ok
suggestion-publish-batch            GET+POST           login        ok            deny          deny          deny          ok
suggestion-assign                   GET+POST           login        ok            deny          deny          deny          ok
suggestion-sign                     GET+POST           login        ok            deny          deny          deny          ok
suggestion-co-input                 GET+POST           login        ok            deny          deny          deny          ok
suggestion-contact                  GET+POST           login        ok            deny          deny          deny          ok
suggestion-extension                GET+POST           login        ok            deny          deny          deny          ok
suggestion-reply                    GET+POST           login        ok            deny          deny          deny          ok
suggestion-reply-document           GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
suggestion-original-document        GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
suggestion-feedback                 GET+POST           login        ok            deny          deny          deny          ok
suggestion-key                      GET+POST           login        ok            deny          deny          deny          ok
suggestion-accept                   GET+POST           login        ok            deny          deny          deny          ok
suggestion-return                   GET+POST           login        ok            deny          deny          deny          ok
suggestion-publish                  GET+POST           login        ok            deny          deny          deny          ok
extension-decide                    GET+POST           login        ok            deny          deny          deny          ok
reassign-decide                     GET+POST           login        ok            deny          deny          deny          ok
# --- matters residents leave at the stations (码上见代表): the office handles, directors read, committees do not see
# them; a step by GET is sent back to the matter's page; the posters and QR codes likewise
matter-list                         GET+POST           login        ok            deny          deny          ok            ok
matter-detail                       GET+POST           login        ok            deny          deny          ok            ok
matter-step                         GET+POST           login        ok            deny          deny          ok+deny       ok
matter-photo                        GET+POST           login        ok            deny          deny          ok            ok
station-poster                      GET+POST           login        ok            deny          deny          ok            ok
station-qr-png                      GET+POST           login        ok            deny          deny          ok            ok
station-qr-svg                      GET+POST           login        ok            deny          deny          ok            ok
api:public-matter-list              GET                login        ok            deny          deny          ok            ok
api:public-matter-detail            GET                login        ok            deny          deny          ok            ok
api:public-matter-figures           GET                login        ok            deny          deny          ok            ok
api:public-matter-step              GET+POST           login        405+ok        deny          deny          405+deny      405+ok
# --- API: anonymous callers get 401; every staff user reads
api-schema                          GET                login        ok            ok            ok            ok            ok
api-docs                            GET                login        ok            ok            ok            ok            ok
api:root                            GET                login        ok            ok            ok            ok            ok
api:committee-list                  GET                login        ok            ok            ok            ok            ok
api:committee-detail                GET                login        ok            ok            ok            ok            ok
api:reporting-body-list             GET                login        ok            ok            ok            ok            ok
api:reporting-body-detail           GET                login        ok            ok            ok            ok            ok
api:plan-list                       GET                login        ok            ok            ok            ok            ok
api:plan-detail                     GET                login        ok            ok            ok            ok            ok
api:plan-export                     GET                login        ok            ok            ok            ok            ok
api:meeting-agenda-xlsx             GET                login        ok            ok            ok            ok            ok
api:meeting-member-agenda-xlsx      GET                login        ok            ok            ok            ok            ok
api:meeting-schedule-xlsx           GET                login        ok            ok            ok            ok            ok
api:material-step-list              GET                login        ok            ok            ok            ok            ok
api:review-opinion-detail           GET                login        ok            ok            ok            ok            ok
api:rectification-detail            GET                login        ok            ok            ok            ok            ok
api:evaluation-detail               GET                login        ok            ok            ok            ok            ok
api:deputy-reception-counts         GET                login        ok            ok            ok            ok            ok
api:congress-session-list           GET                login        ok            ok            ok            ok            ok
api:congress-session-detail         GET                login        ok            ok            ok            ok            ok
api:suggestion-figures              GET                login        ok            ok            ok            ok            ok
api:suggestion-topics               GET                login        ok            ok            ok            ok            ok
api:plan-item-source-list           GET                login        ok            ok            ok            ok            ok
api:dashboard                       GET                login        ok            ok            ok            ok            ok
api:summary                         GET                login        ok            ok            ok            ok            ok
api:notification-list               GET                login        ok            ok            ok            ok            ok
api:notification-unread-count       GET                login        ok            ok            ok            ok            ok
api:notification-read-all           GET+POST           login        405+ok        405+ok        405+ok        405+ok        405+ok
api:notification-detail             GET                login        404           ok            404           404           404
api:notification-read               GET+POST           login        405+404       405+ok        405+404       405+404       405+404
api:calendar-feed-list              GET                login        ok            ok            ok            ok            ok
api:calendar-feed-detail            GET                login        404           ok            404           404           404
api:calendar-feed-renew             GET+POST           login        405+404       405+ok        405+404       405+404       405+404
# the office (and administrators) write; everyone reads
api:meeting-list                    GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:meeting-detail                  GET+PUT+PATCH+DELETE login  ok  ok+deny+deny+deny  ok+deny+deny+deny  ok+deny+deny+deny  ok
api:meeting-reorder                 GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:agenda-item-list                GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:agenda-item-detail              GET+PUT+PATCH+DELETE login  ok  ok+deny+deny+deny  ok+deny+deny+deny  ok+deny+deny+deny  ok
api:agenda-item-move                GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:plan-item-list                  GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:plan-item-detail                GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:review-opinion-list             GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:rectification-list              GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:livelihood-project-list         GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:livelihood-project-detail       GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:inspection-list                 GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:inspection-detail               GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:special-inquiry-list            GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:special-inquiry-detail          GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:evaluation-list                 GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:evaluation-counts               GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:deputy-list                     GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:deputy-detail                   GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:station-list                    GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:station-detail                  GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:reception-list                  GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:reception-detail                GET+PUT+PATCH        login         ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
api:meeting-attendance-list         GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:meeting-attendance-detail       GET+DELETE         login        ok            ok+deny       ok+deny       ok+deny       ok
api:training-list                   GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:training-detail                 GET+PUT+PATCH      login        ok            ok+deny+deny  ok+deny+deny  ok+deny+deny  ok
# the duty record: read by the office and directors; a declaration is made by a deputy (staff are refused), decided
# by the office
api:duty-record-list                GET                login        ok            deny          deny          ok            ok
api:declared-activity-list          GET+POST           login        ok+deny       deny          deny          ok+deny       ok+deny
api:declared-activity-detail        GET                login        ok            deny          deny          ok            ok
api:declared-activity-approve       GET+POST           login        405+ok        deny          deny          405+deny      405+ok
api:declared-activity-return        GET+POST           login        405+ok        deny          deny          405+deny      405+ok
api:year-figure-list                GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
api:year-figure-detail              GET+PUT+PATCH+DELETE login  ok  ok+deny+deny+deny  ok+deny+deny+deny  ok+deny+deny+deny  ok
api:suggestion-list                 GET+POST           login        ok            ok+deny       ok+deny       ok+deny       ok
# the Excel import: the office's alone, reading too
api:plan-import-list                GET+POST           login        ok            deny          deny          deny          ok
api:plan-import-detail              GET                login        ok            deny          deny          deny          ok
api:plan-import-preview             GET+POST           login        405+ok        deny          deny          deny          405+ok
api:plan-import-commit              GET+POST           login        405+ok        deny          deny          deny          405+ok
api:plan-word-import-list           GET+POST           login        ok            deny          deny          deny          ok
api:plan-word-import-detail         GET                login        ok            deny          deny          deny          ok
api:plan-word-import-preview        GET+POST           login        405+ok        deny          deny          deny          405+ok
api:plan-word-import-commit         GET+POST           login        405+ok        deny          deny          deny          405+ok
# the committee's steps: the office and the owning committee (material steps are recorded, never replaced: PUT 405)
api:plan-item-status                GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
api:material-step-detail            GET+PUT+PATCH        login         ok+405+ok     ok+405+ok     ok+405+deny   ok+405+deny   ok+405+ok
api:material-step-record            GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
api:material-step-document          GET+DELETE         login        405+ok        405+ok        405+deny      405+deny      405+ok
api:review-opinion-respond          GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
api:rectification-notes             GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
api:rectification-close             GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
api:livelihood-project-progress     GET+POST           login        405+ok        405+ok        405+deny      405+deny      405+ok
# a suggestion by API: another committee's is not found; the office's steps refused to members and directors
api:suggestion-detail               GET                login        ok            ok            404           ok            ok
api:suggestion-supervision-note     GET+POST           login        405+ok        405+ok        405+404       405+deny      405+ok
api:suggestion-assign               GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-key-supervision      GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-leading              GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-accept               GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-return               GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-extension-decision   GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-reassign-decision    GET+POST           login        405+ok        405+deny      405+deny      405+deny      405+ok
api:suggestion-sign                 GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
api:suggestion-co-input             GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
api:suggestion-contacts             GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
api:suggestion-extension            GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
api:suggestion-reply                GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
api:suggestion-reply-document       GET+PUT+DELETE     login        405+ok+ok     405+deny+deny 405+404+404   405+deny+deny 405+ok+ok
api:suggestion-feedback             GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
api:suggestion-reassign-request     GET+POST           login        405+ok        405+deny      405+404       405+deny      405+ok
# a deputy's own steps: staff are refused
api:suggestion-confirm              GET+POST           login        405+deny      405+deny      405+404       405+deny      405+deny
api:suggestion-decline              GET+POST           login        405+deny      405+deny      405+404       405+deny      405+deny
"""


def _table() -> dict:
    rows = {}
    for line in TABLE.strip().splitlines():
        if line.startswith("#"):
            continue
        name, methods, *cells = line.split()
        assert len(cells) == len(ROLES), f"row {name}: {len(cells)} cells for {len(ROLES)} roles"
        methods = methods.lower().split("+")
        expected = {}
        for role, cell in zip(ROLES, cells):
            codes = cell.split("+")
            assert len(codes) in (1, len(methods)), f"row {name}, {role}: {cell} for {len(methods)} methods"
            expected[role] = codes * len(methods) if len(codes) == 1 else codes
        assert name not in rows, f"two rows for {name}"
        rows[name] = (tuple(methods), expected)
    return rows


EXPECTED = _table()
ROUTES = routes()


def test_every_route_has_a_row():
    assert len(ROUTES) > 250, "the URL configuration was not found"
    missing = sorted(set(ROUTES) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not missing, f"routes without a row in TABLE (add them with the answers the rules give): {missing}"
    assert not stale, f"rows of TABLE for routes that no longer exist: {stale}"
    for name, (params, path, methods) in ROUTES.items():
        assert EXPECTED[name][0] == methods, f"{name}: TABLE lists {EXPECTED[name][0]}, the route takes {methods}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route(baiyun, name):
    params, path, methods = ROUTES[name]
    if name not in EXPECTED:
        pytest.fail(f"{name} has no row in TABLE")
    objects, users, seen = Objects(baiyun), clients(baiyun), {}
    differ = []
    for role in ROLES:
        url = url_for(name, objects.kwargs(name, params, role))
        for method, expected in zip(methods, EXPECTED[name][1][role]):
            key = (USERS[role], method, url)  # the same member on the same URL: asked once
            if key not in seen:
                response = request(users[role], method, url)
                seen[key] = (code(response, path.startswith("/api/")), response.status_code)
                if name == "logout" and USERS[role]:  # the session ended: log in again for the next cell
                    users[role].force_login(get_user_model().objects.get(username=USERS[role]))
            got, status = seen[key]
            if got != expected:
                differ.append(f"{role:8} {method.upper():6} {url}: expected {expected}, got {got} ({status})")
    assert not differ, f"{name}: {len(differ)} cells differ:\n" + "\n".join(differ)


def test_admin_is_for_platform_administrators(baiyun):
    """Django's admin (/admin/): platform administrators only (superusers of no body); everyone else,
    a body's own administrator included, is sent to its log-in."""
    from django.test import Client

    assert Client().get("/admin/").status_code == 302
    for username in ("office", "lead-caijing", "lead-shehui", "director", "admin", "admin-other"):
        response = client_for(username).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], username
    assert client_for("platform").get("/admin/").status_code == 200


def test_the_matrix_is_large():
    cells = sum(len(methods) * len(ROLES) for methods, _ in EXPECTED.values())
    assert len(EXPECTED) > 250 and cells > 3000, (len(EXPECTED), cells)
