"""Deterministic demo content: the people and knowledge base ``seed_demo`` creates, and the
text generator behind its large ``--articles N`` corpus.

Nothing here touches the database or the network, and every random choice comes from a
``random.Random`` the caller seeds, so the same seed always produces the same wiki.
"""

from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

# --- People ------------------------------------------------------------------------------------

ADMIN_USERNAME = "admin"
# Documented in the README and printed by seed_demo: a demo instance must be easy to sign in to.
DEFAULT_ADMIN_PASSWORD = "lore-demo-admin"
EMPLOYEE_PASSWORD = "lore-demo-password"

ADMIN = {
    "username": ADMIN_USERNAME,
    "first_name": "Lore",
    "last_name": "Admin",
    "display_name": "Lore Admin",
    "job_title": "Wiki administrator",
    "team": "IT",
    "bio": "Keeps the lights on. Ask me about permissions, the trash and restoring pages.",
}

EMPLOYEES = [
    {
        "username": "alice",
        "first_name": "Alice",
        "last_name": "Archer",
        "display_name": "Alice Archer",
        "job_title": "Staff engineer",
        "team": "Platform",
        "bio": "Deploys, databases and the occasional 2 a.m. page. Owner of the deploy runbook.",
    },
    {
        "username": "bob",
        "first_name": "Bob",
        "last_name": "Baker",
        "display_name": "Bob Baker",
        "job_title": "Engineering manager",
        "team": "Payments",
        "bio": "Runs the payments team. Happy to review your code review guidelines.",
    },
    {
        "username": "chen",
        "first_name": "Chen",
        "last_name": "Wei",
        "display_name": "Chen Wei",
        "job_title": "Product manager",
        "team": "Product",
        "bio": "Writes specs, reads every support ticket tagged 'confusing'.",
    },
    {
        "username": "dana",
        "first_name": "Dana",
        "last_name": "Dimitrova",
        "display_name": "Dana Dimitrova",
        "job_title": "People partner",
        "team": "People",
        "bio": "Holidays, benefits, expenses and anything else with a policy behind it.",
    },
    {
        "username": "emeka",
        "first_name": "Emeka",
        "last_name": "Okafor",
        "display_name": "Emeka Okafor",
        "job_title": "Support lead",
        "team": "Customer support",
        "bio": "Leads the support team across three time zones. Keeper of the macros.",
    },
]


# --- The hand-written knowledge base -----------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """A later revision: each ``(old, new)`` replacement must match the body exactly once."""

    author: str
    summary: str
    replace: tuple[tuple[str, str], ...]
    days_later: int
    title: str = ""


@dataclass(frozen=True)
class DemoArticle:
    path: str
    title: str
    author: str
    days_ago: int
    body: str
    edits: tuple[Edit, ...] = field(default=())

    @property
    def slug(self):
        return self.path.rpartition("/")[2]

    @property
    def parent_path(self):
        return self.path.rpartition("/")[0]

    def revisions(self):
        """(title, body) after each edit, in order, so a test can check them all apply."""
        title, body = self.title, self.body
        for edit in self.edits:
            for old, new in edit.replace:
                if body.count(old) != 1:
                    raise ValueError(f"{self.path}: edit {edit.summary!r} does not match once")
                body = body.replace(old, new)
            title = edit.title or title
            yield title, body

    @property
    def tags(self):
        return DEMO_TAGS.get(self.path, ())


# Tags on a few demo articles (created with them): enough to show tag pages and filters.
DEMO_TAGS = {
    "engineering/onboarding": ("onboarding",),
    "engineering/dev-setup": ("onboarding", "tooling"),
    "engineering/git-workflow": ("tooling",),
    "engineering/deploy-runbook": ("deploy", "on-call", "runbook"),
    "engineering/feature-flags": ("deploy",),
    "engineering/incident-response": ("on-call", "runbook"),
    "engineering/incident-response/on-call": ("on-call",),
    "engineering/security": ("security",),
    "people/time-off": ("policy",),
    "people/expenses": ("policy",),
    "people/remote-work": ("policy",),
    "support/escalation": ("on-call", "runbook"),
    "support/troubleshooting-logins": ("runbook", "security"),
    "handbook/welcome": ("onboarding",),
}

# The body texts live in DEMO_ARTICLES below (after the corpus generator), in the order they
# are created: parents before children.


# --- The generated corpus (``seed_demo --articles N``) -----------------------------------------
#
# Text for scale tests: readable-looking sentences built from fixed word lists, so full-text
# search meets very common words and rare ones. Each list runs most common first and is drawn
# from with Zipf-like weights; invented code names ("Project Velmora") add a long tail of words
# that occur in only a handful of articles.


def _words(text):
    return list(dict.fromkeys(text.split()))


NOUNS = _words("""
team process document customer release service project policy request change review
meeting report data system account issue budget plan manager user update deadline
feature question version contract vendor payment invoice order schedule database server
deployment ticket incident support office colleague engineer designer dashboard metric
goal quarter week month workflow template checklist decision owner partner product
application interface network backup alert threshold cluster queue message notification
email calendar agenda summary proposal estimate forecast target experiment hypothesis
result analysis survey feedback interview roadmap milestone sprint backlog priority risk
dependency blocker handover rotation shift escalation permission role group access token
password certificate key secret credential login session cache index table column
migration schema query transaction replica snapshot bucket file folder archive attachment
image screenshot diagram spreadsheet presentation laptop monitor keyboard headset badge
desk room building floor kitchen parking contractor candidate hire offer salary bonus
benefit allowance reimbursement receipt expense trip flight hotel visa conference
workshop course training mentor mentee guideline standard principle convention practice
habit routine ritual retrospective standup demo launch announcement newsletter channel
thread comment reply mention library framework module package container pipeline job
runner build artifact commit branch tag merge repository patch fix regression bug crash
latency throughput capacity quota limit load traffic spike outage degradation
availability reliability durability redundancy failover recovery restore rollback region
zone datacenter provider subscription license renewal audit compliance control evidence
finding exception waiver approval signature reviewer approver stakeholder sponsor
champion lead director executive board committee council forum guild chapter warehouse
shipment parcel carrier route driver scanner label pallet inventory stock supplier
procurement quote tender catalogue price discount margin revenue cost ledger balance
entry journal reconciliation statement payroll tax lawyer clause agreement amendment
notice term liability indemnity jurisdiction campaign audience segment funnel conversion
prospect territory brand logo typeface palette illustration mockup prototype wireframe
component accessibility contrast reader locale translation glossary terminology sensor
device firmware gateway protocol packet payload endpoint webhook callback handbook
onboarding offboarding buddy orientation tour induction probation appraisal calibration
promotion level ladder competency skill objective wellbeing holiday leave absence
sickness vacation sabbatical overtime timesheet recipe macro formula pivot chart widget
filter export import
""")

VERBS = _words("""
review update share check approve send create schedule track prepare discuss document
deploy release test monitor fix improve support manage plan report ask confirm publish
measure compare analyse estimate prioritise assign escalate resolve close reopen merge
rebase revert restore migrate archive delete rename move copy upload download export
import configure install upgrade patch rotate renew revoke grant request submit sign
negotiate invoice reimburse audit reconcile forecast budget hire interview onboard train
mentor coach celebrate welcome announce summarise clarify simplify automate standardise
validate verify reproduce investigate diagnose mitigate prevent detect notify remind
follow pause resume retry throttle cache index shard replicate partition benchmark
profile optimise refactor deprecate retire replace extend integrate localise translate
design prototype sketch iterate ship polish label pack dispatch deliver receive inspect
count reorder stock cancel refund exchange quote
""")

ADJECTIVES = _words("""
new current weekly monthly quarterly annual internal external shared private public main
small large short long simple clear detailed final initial important urgent critical
minor major regular temporary permanent manual automatic optional required recent
previous next upcoming global regional local remote hybrid secure stable reliable
scalable flexible consistent accurate complete partial pending approved draft open
closed active inactive legacy modern standard custom default primary secondary central
distributed redundant encrypted anonymous verified trusted expensive cheap efficient
slow fast busy quiet noisy healthy broken flaky friendly formal informal practical
strategic operational financial legal technical commercial creative analytical visual
mobile offline online realtime nightly hourly daily seasonal fiscal bilingual
multilingual accessible responsive lightweight heavyweight experimental deprecated
supported unsupported official unofficial confidential sensitive restricted generous
modest ambitious realistic cautious
""")

ADVERBS = _words("""
usually always often sometimes rarely never quickly carefully clearly directly manually
automatically regularly immediately eventually gradually roughly exactly
""")

PREPOSITIONS = _words("for with before after during without about across between within under")
CONNECTIVES = ["and", "but", "so", "because", "while", "although", "unless", "once"]
DETERMINERS = ["the", "the", "the", "a", "each", "every", "our", "this", "that", "your", "any"]
PLURAL_DETERMINERS = ["", "all", "many", "several", "our", "the", "some", "most", "new"]

DOC_KINDS = _words("""
guide checklist FAQ runbook overview notes policy playbook plan proposal process reference
handbook retrospective template troubleshooting report review summary standards roadmap
agreement procedure glossary
""")

STOCK_HEADINGS = [
    "Background",
    "Overview",
    "Context",
    "Goals",
    "Non-goals",
    "Who this is for",
    "Before you start",
    "Steps",
    "How it works",
    "Responsibilities",
    "Timeline",
    "Open questions",
    "Known issues",
    "Troubleshooting",
    "Examples",
    "Decisions",
    "Next steps",
    "Contacts",
    "Costs",
    "Risks",
    "Rollout",
    "Alternatives considered",
    "Appendix",
]

# Top-level sections of the generated corpus; their slugs ("corpus-logistics", ...) are how
# seed_demo recognises a corpus it made before.
CORPUS_SECTIONS = [
    "Logistics",
    "Finance",
    "Legal",
    "Sales",
    "Marketing",
    "Data",
    "Infrastructure",
    "Mobile",
    "Design",
    "Security",
    "Research",
    "Facilities",
    "Partnerships",
    "Procurement",
    "Quality",
    "Training",
    "Compliance",
    "Analytics",
    "Operations",
    "Localisation",
]
CORPUS_SLUG_PREFIX = "corpus-"

UNCOUNTABLE = {
    "data", "feedback", "inventory", "stock", "wellbeing", "compliance", "evidence",
    "traffic", "latency", "throughput", "capacity", "availability", "reliability",
    "durability", "redundancy", "payroll", "access", "sickness", "overtime", "onboarding",
    "offboarding", "accessibility", "terminology", "parking", "procurement", "induction",
    "probation", "liability", "support", "training", "leave", "revenue", "firmware",
}  # fmt: skip

CODE_LANGUAGES = ["bash", "python", "sql", "yaml", "json"]

_ONSETS = _words("b c d f g h j k l m n p r s t v z br dr fr gr kl pl pr st tr sk")
_VOWELS = _words("a e i o u ai ea io")
_CODAS = ["", "n", "r", "l", "s", "x", "th", "nd"]
CODENAME_COUNT = len(_ONSETS) ** 2 * len(_VOWELS) ** 2 * len(_CODAS)


def _zipf_weights(items, exponent=1.0):
    return list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))


def codename(index):
    """The ``index``-th invented name ("Velmora"); distinct indexes give distinct names."""
    index %= CODENAME_COUNT
    parts = []
    for alphabet in (_ONSETS, _VOWELS, _ONSETS, _VOWELS, _CODAS):
        index, digit = divmod(index, len(alphabet))
        parts.append(alphabet[digit])
    return "".join(parts).capitalize()


@cache
def _plural(noun):
    if noun in UNCOUNTABLE:
        return noun
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


@cache
def _third_person(verb):
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _capitalise(text):
    return text[:1].upper() + text[1:]


class CorpusWriter:
    """Titles and Markdown bodies for generated articles, drawn from one seeded ``Random``."""

    _vocabulary = {
        "noun": (NOUNS, _zipf_weights(NOUNS)),
        "verb": (VERBS, _zipf_weights(VERBS)),
        "adjective": (ADJECTIVES, _zipf_weights(ADJECTIVES)),
        "adverb": (ADVERBS, _zipf_weights(ADVERBS)),
        "kind": (DOC_KINDS, _zipf_weights(DOC_KINDS, 0.6)),
        "determiner": (DETERMINERS, None),
        "plural_determiner": (PLURAL_DETERMINERS, None),
        "preposition": (PREPOSITIONS, None),
        "connective": (CONNECTIVES, None),
    }
    # Words are drawn this many at a time: one weighted draw of many costs a fraction of many
    # draws of one, and a 100,000-article corpus draws tens of millions.
    _DRAW_AHEAD = 64

    def __init__(self, rng):
        self.rng = rng
        self._drawn = {kind: iter(()) for kind in self._vocabulary}

    def _pick(self, kind):
        word = next(self._drawn[kind], None)
        if word is None:
            words, weights = self._vocabulary[kind]
            drawn = self.rng.choices(words, cum_weights=weights, k=self._DRAW_AHEAD)
            self._drawn[kind] = iter(drawn)
            word = next(self._drawn[kind])
        return word

    def noun(self):
        return self._pick("noun")

    def verb(self):
        return self._pick("verb")

    def adjective(self):
        return self._pick("adjective")

    def codename(self):
        # Log-uniform over the name space: P(k) ~ 1/k, a few names everywhere, most almost
        # nowhere, like project names in a real wiki.
        return codename(int(CODENAME_COUNT ** self.rng.random()))

    # Titles ---------------------------------------------------------------------------------

    def title(self):
        rng, roll = self.rng, self.rng.random()
        kind = self._pick("kind")
        if roll < 0.35:
            text = f"{self.adjective()} {self.noun()} {kind}"
        elif roll < 0.55:
            text = f"How to {self.verb()} the {self.adjective()} {self.noun()}"
        elif roll < 0.75:
            text = f"{self.noun()} and {_plural(self.noun())}"
        elif roll < 0.9:
            text = f"{self.codename()} {self.noun()} {kind}"
        else:
            text = f"{self.adjective()} {_plural(self.noun())} ({rng.randint(2, 30)})"
        return _capitalise(text)

    # Sentences ------------------------------------------------------------------------------

    def noun_phrase(self):
        """A phrase like "the quarterly budget" or "several open tickets"; and if it's plural."""
        random = self.rng.random
        roll = random()
        if roll < 0.04:
            return f"Project {self.codename()}", False
        noun = self._pick("noun")
        adjective = f"{self._pick('adjective')} " if random() < 0.45 else ""
        if roll < 0.3 and noun not in UNCOUNTABLE:
            determiner = self._pick("plural_determiner")
            words = f"{adjective}{_plural(noun)}"
            return (f"{determiner} {words}" if determiner else words), True
        determiner = self._pick("determiner")
        if determiner == "a" and (adjective or noun)[0] in "aeiou":
            determiner = "an"
        return f"{determiner} {adjective}{noun}", False

    def clause(self):
        subject, plural = self.noun_phrase()
        verb = self.verb() if plural else _third_person(self.verb())
        return f"{subject} {verb} {self.noun_phrase()[0]}"

    def sentence(self):
        random = self.rng.random
        text = self.clause()
        if random() < 0.5:
            text += f" {self._pick('preposition')} {self.noun_phrase()[0]}"
        if random() < 0.25:
            text += f", {self._pick('connective')} {self.clause()}"
        if random() < 0.15:
            text = f"{self._pick('adverb')}, {text}"
        if random() < 0.05:
            text += f" within {self.rng.randint(2, 30)} days"
        return _capitalise(text) + "."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def instruction(self):
        return _capitalise(f"{self.verb()} {self.noun_phrase()[0]}")

    # Blocks ---------------------------------------------------------------------------------

    def bullet_list(self):
        return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(3, 6)))

    def numbered_steps(self):
        steps = range(1, self.rng.randint(3, 7) + 1)
        return "\n".join(f"{n}. {self.instruction()}." for n in steps)

    def task_list(self):
        rng = self.rng
        items = range(rng.randint(3, 6))
        return "\n".join(
            f"- [{'x' if rng.random() < 0.4 else ' '}] {self.instruction()}" for _ in items
        )

    def table(self):
        rng = self.rng
        rows = [f"| {_capitalise(self.noun())} | Owner | Status |", "| --- | --- | :---: |"]
        statuses = ["Done", "In progress", "Blocked", "Planned"]
        for _ in range(rng.randint(2, 6)):
            owner = f"{self.codename()} {_capitalise(self.noun())}"
            item = _capitalise(f"{self.adjective()} {self.noun()}")
            rows.append(f"| {item} | {owner} | {rng.choice(statuses)} |")
        return "\n".join(rows)

    def code_block(self):
        rng = self.rng
        language = rng.choice(CODE_LANGUAGES)
        name = f"{self.noun()}_{self.noun()}"
        if language == "bash":
            lines = [f"./manage.py {self.verb()}_{name} --{self.adjective()}", f"echo {name} done"]
        elif language == "python":
            lines = [
                f"def {self.verb()}_{name}({self.noun()}, limit={rng.randint(1, 500)}):",
                f'    """{_capitalise(self.instruction())}."""',
                f"    return [{self.noun()} for {self.noun()} in {self.noun()}s][:limit]",
            ]
        elif language == "sql":
            lines = [
                f"SELECT {self.noun()}, count(*) FROM {name}",
                f"WHERE {self.noun()}_at > now() - interval '{rng.randint(1, 90)} days'",
                f"GROUP BY {self.noun()};",
            ]
        elif language == "yaml":
            lines = [f"{name}:", f"  {self.noun()}: {self.adjective()}"]
            lines.append(f"  {self.noun()}_limit: {rng.randint(1, 1000)}")
        else:
            lines = [f'{{"{self.noun()}": "{self.adjective()}", "{name}": {rng.randint(0, 99)}}}']
        return f"```{language}\n" + "\n".join(lines) + "\n```"

    def body(self, words):
        """Markdown of roughly ``words`` words: an introduction, then headed sections."""
        rng = self.rng
        blocks = [self.paragraph(rng.randint(2, 5))]
        written = len(blocks[0].split())
        headings = rng.sample(STOCK_HEADINGS, k=4)
        while written < words:
            if headings and rng.random() < 0.6:
                heading = headings.pop()
            else:
                heading = _capitalise(f"{self.adjective()} {_plural(self.noun())}")
            blocks.append(f"{'###' if rng.random() < 0.2 else '##'} {heading}")
            for _ in range(rng.randint(1, 3)):
                roll = rng.random()
                if roll < 0.72:
                    block = self.paragraph(rng.randint(3, 8))
                elif roll < 0.83:
                    block = self.bullet_list()
                elif roll < 0.89:
                    block = self.numbered_steps()
                elif roll < 0.92:
                    block = self.task_list()
                elif roll < 0.97:
                    block = self.code_block()
                else:
                    block = self.table()
                blocks.append(block)
                written += len(block.split())
        return "\n\n".join(blocks) + "\n"

    def word_count(self, low=200, high=2000):
        """Article lengths skewed short, like a real wiki: median ~350 words, mean ~550, one
        in fifteen over 1,500."""
        return int(low * (high / low) ** (self.rng.random() ** 2))


# --- The demo knowledge base -------------------------------------------------------------------
#
# Fernhill is a made-up company (route planning software for delivery fleets). Articles are
# listed parents first; ``days_ago`` spreads creation dates over four months so "recent
# changes" and history pages look lived-in. One link ([[Data retention schedule]]) points at
# an article nobody has written yet, to show how missing pages look.

DEMO_ARTICLES = [
    # Handbook ------------------------------------------------------------------------------
    DemoArticle(
        "handbook",
        "Handbook",
        author="dana",
        days_ago=120,
        body="""\
Everything about working at Fernhill that isn't specific to one team: how we communicate,
where our offices are, and who to ask when you're stuck.

## Start here

1. [[handbook/welcome|Welcome to Fernhill]] — read this in your first week.
2. [[Mission and values]] — why we exist and how we decide.
3. [[How we communicate]] — which channel for what.
4. [[Using this wiki]] — how to write and link pages in Lore.

Team handbooks live in their own sections: [[Engineering]], [[People & HR]], [[Product]] and
[[Support]].
""",
    ),
    DemoArticle(
        "handbook/welcome",
        "Welcome to Fernhill",
        author="dana",
        days_ago=119,
        body="""\
We're glad you're here. Fernhill builds route planning software for delivery fleets: about
340 customers in 14 countries plan their drivers' days with us every morning.

## Your first week

- [ ] Sign in to your laptop, email and chat (IT sends the details the Friday before)
- [ ] Meet your buddy — your manager picks someone from a neighbouring team
- [ ] Read [[Mission and values]] and [[How we communicate]]
- [ ] Book your introductory chats with the people in [[Who to ask]]
- [ ] Check your payroll details in the HR system
- [ ] Add a photo and your job title to your profile

## Your first month

By the end of your first month you should know what your team is working on this quarter,
have shipped or closed at least one small thing, and have had two one-to-ones with your
manager.

## Where things are

| What | Where |
| --- | --- |
| Holidays, expenses, benefits | [[People & HR]] |
| How we build and run the product | [[Engineering]] |
| How to help a customer | [[Support]] |
| What we're building next | [[Roadmap process]] |

If a page here is wrong or out of date, fix it — everyone can edit every page, and the
history keeps every version.
""",
        edits=(
            Edit(
                author="emeka",
                summary="Add support shadowing to the first month",
                days_later=30,
                replace=(
                    (
                        "have had two one-to-ones with your\nmanager.",
                        "have had two one-to-ones with your\nmanager.\n\n"
                        "Everyone, whatever their role, shadows a support shift in their "
                        "first month:\nsee [[Support tiers and SLAs]] and ask in "
                        "#support to book a slot.",
                    ),
                ),
            ),
            Edit(
                author="dana",
                summary="Update customer numbers",
                days_later=80,
                replace=(
                    (
                        "about\n340 customers in 14 countries",
                        "about\n380 customers in 15 countries",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "handbook/values",
        "Mission and values",
        author="chen",
        days_ago=118,
        body="""\
**Our mission:** every parcel on the right van, every van on the shortest sensible route.

## Values

### Customers feel it or it didn't happen
A change matters when a dispatcher's morning gets easier. We measure outcomes (minutes saved,
failed deliveries avoided), not output.

### Write it down
Decisions, plans and how-tos go in Lore, not in someone's head or a chat thread that
scrolls away. If you explained something twice, it deserves a page.

### Small, safe steps
We ship small changes often and make them easy to undo. See [[Deploy runbook]] for what this
means in engineering and [[Product principles]] for product.

### Disagree, then commit
Argue for your view with evidence. Once a decision is made and written down, support it —
and reopen it openly if the evidence changes.
""",
    ),
    DemoArticle(
        "handbook/communication",
        "How we communicate",
        author="bob",
        days_ago=117,
        body="""\
We're spread over three offices and many homes, so we default to writing and to
asynchronous communication.

## Which channel for what

| Need | Use | Expect an answer within |
| --- | --- | :---: |
| Something is broken for customers | Page on-call (see [[On-call rotation]]) | 15 minutes |
| A question blocking your work today | Team chat channel | 2 hours |
| A question that can wait | Email or a chat thread | 1 working day |
| A decision or a plan | A page in Lore, linked from chat | — |

## Good habits

- Put the question in the first message: not "hi, got a minute?" but the actual question.
- Use threads; keep channels readable.
- Write status updates so they make sense to someone who missed the meeting.
- Respect time zones: schedule messages for the recipient's working hours.

## Meetings

See [[Meetings]] for when to have one, and how to keep it short.
""",
    ),
    DemoArticle(
        "handbook/meetings",
        "Meetings",
        author="chen",
        days_ago=116,
        body="""\
A meeting is the most expensive way to share information, and the best way to resolve
disagreement. Use it for the second.

## Before

- [x] Is there a written agenda with the decision to make?
- [x] Does everyone invited need to be there?
- [ ] Could this be a page in Lore plus comments instead?

## During

1. Start on time, even if people are missing.
2. Someone takes notes directly in a Lore page.
3. End with decisions, owners and dates.

## After

Share the notes page in the team channel within a day. Decisions get recorded on the
relevant page (for example [[Roadmap process]] or [[Architecture overview]]).

## Meeting-free time

Tuesday and Thursday afternoons are meeting-free for everyone. Protect them.
""",
    ),
    DemoArticle(
        "handbook/offices",
        "Offices and travel",
        author="dana",
        days_ago=110,
        body="""\
## Offices

| Office | Address | Desks | Office manager |
| --- | --- | :---: | --- |
| Leeds (HQ) | 12 Wharf Street, LS2 7EQ | 60 | Priya |
| Rotterdam | Kop van Zuid 88 | 25 | Joost |
| Lisbon | Rua da Prata 140 | 20 | Inês |

Desks are unassigned; book one in the office app the day before. Guests sign in at
reception and wear a visitor badge.

## Travelling for work

- Book trains over flights for trips under five hours.
- Book through the travel portal so we know where you are if something happens.
- Keep receipts: see [[Expenses]] for what you can claim.
- Travel insurance is arranged by the company; ask People for the policy number.
""",
    ),
    DemoArticle(
        "handbook/who-to-ask",
        "Who to ask",
        author="emeka",
        days_ago=108,
        body="""\
Not sure who knows? Start here. If the page doesn't answer it, ask in #ask-anything.

| Topic | Person | Page |
| --- | --- | --- |
| Deploys, databases, infrastructure | Alice Archer | [[Deploy runbook]] |
| Code review, engineering process | Bob Baker | [[Code review guidelines]] |
| Roadmap, specs, priorities | Chen Wei | [[Roadmap process]] |
| Holidays, benefits, expenses | Dana Dimitrova | [[Holidays and time off]] |
| Customer problems, refunds | Emeka Okafor | [[Escalation process]] |
| Lore itself (permissions, trash) | Lore Admin | [[Using this wiki]] |
""",
    ),
    DemoArticle(
        "handbook/using-lore",
        "Using this wiki",
        author="admin",
        days_ago=107,
        body="""\
Lore pages are written in Markdown. Press **Edit** on any page; your change is saved as a
new revision, and the **History** tab shows who changed what, with a diff.

## Linking pages

Wiki links find a page by its title or its address:

```markdown
See the [[Deploy runbook]].
Read the [[engineering/incident-response|incident process]] before your first on-call.
```

A link to a page that doesn't exist yet shows up in red; click it to create the page.

## Formatting cheat sheet

| You type | You get |
| --- | --- |
| `**bold**` | **bold** |
| `*italic*` | *italic* |
| `` `code` `` | `code` |
| `## Heading` | A heading (and an entry in the table of contents) |
| `- [ ] task` | A checkbox |

Code blocks get syntax highlighting when you name the language:

```python
def greet(name):
    return f"Hello, {name}!"
```

## Tidying up

Deleted pages go to the trash and can be restored with everything that was under them.
Moving a page leaves a redirect behind, so old links keep working.
""",
    ),
    # Engineering ---------------------------------------------------------------------------
    DemoArticle(
        "engineering",
        "Engineering",
        author="alice",
        days_ago=115,
        body="""\
How Fernhill's engineers build, ship and run the product.

## New here?

Start with [[Engineering onboarding]], then [[Development setup]].

## Shipping

- [[Git workflow]] and [[Code review guidelines]]
- [[Testing strategy]]
- [[Deploy runbook]] and [[Feature flags]]

## Running the product

- [[Architecture overview]]
- [[engineering/incident-response|Incident response]] and the [[On-call rotation]]
- [[Security practices]]
""",
    ),
    DemoArticle(
        "engineering/onboarding",
        "Engineering onboarding",
        author="bob",
        days_ago=114,
        body="""\
Welcome to engineering! This checklist takes most people about two weeks. Your buddy will go
through it with you.

## Week one

- [ ] Get your laptop set up with [[Development setup]]
- [ ] Read the [[Architecture overview]]
- [ ] Pair with your buddy on a small bug fix
- [ ] Get your first pull request reviewed (see [[Code review guidelines]])

## Week two

- [ ] Watch a production deploy with the person on call, following the [[Deploy runbook]]
- [ ] Read the [[engineering/incident-response|incident process]]
- [ ] Ship something behind a feature flag ([[Feature flags]])

## Access you'll need

| System | Who grants it | How |
| --- | --- | --- |
| GitHub organisation | Your manager | Automatic on your first day |
| Cloud console (read-only) | Platform team | Request in #platform |
| Production database (read replica) | Platform team | After week two |
| Pager | Engineering manager | When you join the [[On-call rotation]] |
""",
        edits=(
            Edit(
                author="alice",
                summary="Read replica access needs the security training first",
                days_later=20,
                replace=(
                    (
                        "| Platform team | After week two |",
                        "| Platform team | After week two and the security training |",
                    ),
                ),
            ),
            Edit(
                author="bob",
                summary="Link the security practices page",
                days_later=45,
                replace=(
                    (
                        "- [ ] Read the [[engineering/incident-response|incident process]]",
                        "- [ ] Read the [[engineering/incident-response|incident process]]\n"
                        "- [ ] Read [[Security practices]] and do the security training",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "engineering/dev-setup",
        "Development setup",
        author="alice",
        days_ago=113,
        body="""\
You'll need macOS or Linux, Python 3.12, PostgreSQL 16 and Docker. It takes about an hour.

## 1. Install the tools

```bash
brew install python@3.12 postgresql@16 git
brew services start postgresql@16
```

## 2. Get the code

```bash
git clone git@github.com:fernhill/routes.git
cd routes
python3.12 -m venv .venv
.venv/bin/pip install -r requirements-dev.txt
```

## 3. Create a database and load sample data

```bash
createdb routes
.venv/bin/python manage.py migrate
.venv/bin/python manage.py load_sample_depots
.venv/bin/python manage.py runserver
```

Open http://localhost:8000 and sign in as `dev@example.com` / `dev`.

## Troubleshooting

- **`psycopg` fails to install**: install `libpq` (`brew install libpq`) and retry.
- **Port 8000 is busy**: run `runserver 8001`.
- **Tests are slow**: run them in parallel with `pytest -n auto` (see [[Testing strategy]]).
""",
        edits=(
            Edit(
                author="bob",
                summary="Linux instructions",
                days_later=12,
                replace=(
                    (
                        "brew services start postgresql@16\n```",
                        "brew services start postgresql@16\n```\n\n"
                        "On Debian or Ubuntu:\n\n```bash\n"
                        "sudo apt install python3.12-venv postgresql-16 git\n"
                        "sudo -u postgres createuser --superuser $USER\n```",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "engineering/git-workflow",
        "Git workflow",
        author="alice",
        days_ago=112,
        body="""\
We use short-lived branches off `main` and squash-merge pull requests.

## Branches

- Name branches `<your-initials>/<short-description>`, e.g. `aa/faster-route-cache`.
- Keep them short-lived: merge within two days or split the work.
- Rebase on `main` rather than merging `main` into your branch.

## Commit messages

```text
Speed up route cache warming

Warm the cache per depot instead of globally, so one slow depot no longer
delays every other. Cuts warm-up from 9 minutes to 40 seconds.
```

The first line is a summary in the imperative mood, under 72 characters. The body explains
*why*.

## Merging

Pull requests need one approval and a green build. See [[Code review guidelines]].
""",
    ),
    DemoArticle(
        "engineering/code-review",
        "Code review guidelines",
        author="bob",
        days_ago=111,
        body="""\
Code review is how we share knowledge and catch mistakes — not a gate to show off.

## For authors

- Keep pull requests small: under 400 changed lines where possible.
- Explain *why* in the description; link the ticket.
- Review your own diff before asking anyone else.

## For reviewers

- Review within one working day.
- Say what you'd like and why; prefix optional suggestions with "nit:".
- Approve when it's good enough, not when it's how you'd have written it.

## What to look for

1. Is it correct, and is it tested?
2. Is it safe to deploy and to roll back?
3. Will the next person understand it?
""",
        edits=(
            Edit(
                author="alice",
                summary="Add a note on migrations",
                days_later=10,
                replace=(
                    (
                        "2. Is it safe to deploy and to roll back?",
                        "2. Is it safe to deploy and to roll back? Database migrations must "
                        "work with\n   the previous release still running (see "
                        "[[Database guidelines]]).",
                    ),
                ),
            ),
            Edit(
                author="chen",
                summary="Ask for screenshots of UI changes",
                days_later=25,
                replace=(
                    (
                        "- Explain *why* in the description; link the ticket.",
                        "- Explain *why* in the description; link the ticket.\n"
                        "- For user-facing changes, add before/after screenshots.",
                    ),
                ),
            ),
            Edit(
                author="bob",
                summary="One working day is the upper bound, not the target",
                days_later=60,
                replace=(
                    (
                        "- Review within one working day.",
                        "- Review within one working day at the latest; same day is better.",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "engineering/testing",
        "Testing strategy",
        author="alice",
        days_ago=105,
        body="""\
Every change comes with tests. Most of ours are fast integration tests against a real
PostgreSQL database; we mock only what we don't own (payment providers, map APIs).

## Running the tests

```bash
.venv/bin/pytest -n auto
```

## Writing a good test

Name the test after the behaviour, so a failure reads like a broken promise:

```python
def test_it_never_assigns_a_parcel_to_a_van_that_is_full(depot, make_van):
    van = make_van(capacity=1, parcels=1)
    plan = plan_routes(depot, parcels=[parcel_for(depot)])
    assert van not in plan.vans_used
```

## What we test

| Layer | How | Share of the suite |
| --- | --- | :---: |
| Routing algorithms | Property-based tests | 20% |
| Web and API | Django test client | 60% |
| Browser flows | Playwright, a handful of journeys | 5% |
| Everything else | Unit tests | 15% |
""",
    ),
    DemoArticle(
        "engineering/deploy-runbook",
        "Deploy runbook",
        author="alice",
        days_ago=100,
        body="""\
We deploy `main` to production several times a day. Anyone who has finished
[[Engineering onboarding]] may deploy.

## Before you deploy

- [ ] The build on `main` is green
- [ ] No incident is in progress (check #incidents)
- [ ] Risky changes are behind a flag (see [[Feature flags]])

## Deploying

```bash
./scripts/deploy production --ref main
```

The script runs migrations, then rolls the new release out to one server at a time and
watches error rates. It stops by itself if errors rise.

## After you deploy

Watch the dashboards for ten minutes. If something looks wrong, follow the
[[engineering/incident-response|incident process]] — don't debug quietly on your own.
""",
        edits=(
            Edit(
                author="bob",
                summary="Add rollback steps",
                days_later=15,
                replace=(
                    (
                        "## After you deploy",
                        "## Rolling back\n\n"
                        "```bash\n./scripts/deploy production --ref <previous-release-tag>\n"
                        "```\n\nRolling back never reverses migrations; that's why they must "
                        "be backwards compatible\n(see [[Database guidelines]]).\n\n"
                        "## After you deploy",
                    ),
                ),
            ),
            Edit(
                author="emeka",
                summary="Tell support about user-visible changes",
                days_later=40,
                replace=(
                    (
                        "Watch the dashboards for ten minutes.",
                        "Post a one-line summary of user-visible changes in #support.\n"
                        "Watch the dashboards for ten minutes.",
                    ),
                ),
            ),
            Edit(
                author="alice",
                summary="Deploy freeze on Friday afternoons",
                days_later=70,
                replace=(
                    (
                        "- [ ] No incident is in progress (check #incidents)",
                        "- [ ] No incident is in progress (check #incidents)\n"
                        "- [ ] It isn't Friday after 15:00 — we don't deploy into the weekend",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "engineering/feature-flags",
        "Feature flags",
        author="bob",
        days_ago=98,
        body="""\
Feature flags let us merge unfinished work and turn risky changes on gradually.

## Adding a flag

```python
from flags import flag_enabled

if flag_enabled("smarter-depot-grouping", customer=request.customer):
    groups = group_depots_by_drive_time(depots)
else:
    groups = group_depots_by_region(depots)
```

## Rolling out

1. Enable for internal test accounts.
2. Enable for 5% of customers, watch for a day.
3. Enable for everyone.
4. **Remove the flag** within two weeks of reaching 100%.

Old flags are debt: the flag dashboard lists every flag older than 30 days.
""",
    ),
    DemoArticle(
        "engineering/incident-response",
        "Incident response",
        author="alice",
        days_ago=96,
        body="""\
An incident is anything that stops customers from planning or running their routes, or
puts their data at risk. When in doubt, declare one: it's cheap to close.

## Severity levels

| Level | Meaning | Example | Response |
| --- | --- | --- | --- |
| SEV1 | Customers can't work | Route planning down for everyone | All hands, status page |
| SEV2 | Major feature broken | Driver app can't sync | On-call plus team lead |
| SEV3 | Minor or partial | Slow exports for one region | On-call, next working day |

## Declaring an incident

1. Type `/incident declare` in chat. It creates a channel and pages the
   [[On-call rotation|on-call engineer]].
2. Pick an incident lead: they coordinate, they don't debug.
3. Post updates every 30 minutes, even if nothing changed.

## Afterwards

Every SEV1 and SEV2 gets a blameless review within five working days, written with the
[[Postmortem template]].
""",
        edits=(
            Edit(
                author="emeka",
                summary="Support owns customer communication",
                days_later=21,
                replace=(
                    (
                        "3. Post updates every 30 minutes, even if nothing changed.",
                        "3. Post updates every 30 minutes, even if nothing changed.\n"
                        "4. Support keeps customers informed; see "
                        "[[support/escalation|the escalation process]].",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "engineering/incident-response/on-call",
        "On-call rotation",
        author="bob",
        days_ago=95,
        body="""\
Engineers who have been here three months join the rotation: one week in eight, Monday
10:00 to Monday 10:00.

## What's expected

- Acknowledge pages within 15 minutes, day or night.
- Keep your laptop and a charged phone with you.
- You're not expected to fix everything alone: escalate early.

## Compensation

On-call weeks are paid a flat allowance, and any night-time page earns the next morning off.
See [[Benefits]].

## Handover

At the end of your week, write a short handover in the on-call log: open issues, noisy
alerts, anything the next person should know.
""",
    ),
    DemoArticle(
        "engineering/incident-response/postmortem-template",
        "Postmortem template",
        author="alice",
        days_ago=94,
        body="""\
Copy this into a new page under the incident's month.

```markdown
## Summary
What happened, in two sentences, for someone outside engineering.

## Impact
Who was affected, for how long, and how badly.

## Timeline
- 09:12 Alert fired
- 09:15 On-call acknowledged

## Causes
What made this possible — systems and processes, never people.

## Actions
- [ ] Action — owner — due date
```

Keep it blameless: "the deploy script allowed an unreviewed migration", not "Sam forgot".
""",
    ),
    DemoArticle(
        "engineering/architecture",
        "Architecture overview",
        author="alice",
        days_ago=92,
        body="""\
Fernhill Routes is a Django monolith with a separate route optimiser service.

## The big picture

- **Web app** (Django): customers, depots, vans, parcels, the planning UI and the API.
- **Optimiser** (Rust): turns parcels and vans into routes; called over HTTP.
- **Driver app** (Kotlin, Swift): syncs routes and delivery status.
- **PostgreSQL**: the one source of truth; read replicas serve reports.
- **Redis**: caches and the job queue.

## Why a monolith?

One deployable, one database, one set of tests. We split out the optimiser only because it
needs a different language and scales differently. See [[Service catalogue]] for every
service and its owner, and [[Database guidelines]] before writing a migration.
""",
    ),
    DemoArticle(
        "engineering/architecture/services",
        "Service catalogue",
        author="alice",
        days_ago=91,
        body="""\
| Service | Language | Owner | Runbook |
| --- | --- | --- | --- |
| web | Python / Django | Platform | [[Deploy runbook]] |
| optimiser | Rust | Routing | In the repository README |
| driver-sync | Python | Mobile | [[Deploy runbook]] |
| exports | Python | Data | Ask in #data |

Every service must have an owner, a dashboard and an on-call path
([[On-call rotation]]).
""",
    ),
    DemoArticle(
        "engineering/architecture/databases",
        "Database guidelines",
        author="alice",
        days_ago=90,
        body="""\
## Migrations

Migrations must work with the previous release still running, because deploys roll out one
server at a time (see [[Deploy runbook]]). That means:

1. Add columns as nullable, or with a default.
2. Deploy code that writes the new column.
3. Backfill in batches.
4. Only then make it required or drop the old column.

## Backfilling without locking a big table

```sql
UPDATE parcels
SET    depot_region = depots.region
FROM   depots
WHERE  parcels.depot_id = depots.id
  AND  parcels.id BETWEEN 1 AND 50000;
```

Run batches of 50,000 rows with a pause between them; watch replication lag.

## Indexes

Create indexes `CONCURRENTLY` on big tables, and say in the pull request which query needs
the index.
""",
    ),
    DemoArticle(
        "engineering/security",
        "Security practices",
        author="bob",
        days_ago=88,
        body="""\
## Everyone

- Use the password manager and hardware key you were given; never reuse passwords.
- Lock your screen when you step away.
- Report anything suspicious to #security, including phishing you didn't click.

## Engineers

- Secrets live in the secrets manager, never in the repository or in chat.
- Production data stays in production: use the sample data from [[Development setup]].
- Customer data is deleted on the timetable in the [[Data retention schedule]].
- Dependencies are updated weekly by a bot; review and merge its pull requests promptly.
""",
    ),
    # People & HR ---------------------------------------------------------------------------
    DemoArticle(
        "people",
        "People & HR",
        author="dana",
        days_ago=109,
        body="""\
Policies and practicalities: time off, money, benefits and growing your career.

- [[Holidays and time off]]
- [[Expenses]] and [[Learning budget]]
- [[Benefits]] and [[Parental leave]]
- [[Remote work]] and [[Laptops and equipment]]
- [[Performance reviews]]

Questions? Ask Dana or write to people@fernhill.example.
""",
    ),
    DemoArticle(
        "people/time-off",
        "Holidays",
        author="dana",
        days_ago=106,
        body="""\
Everyone gets **27 days** of paid holiday a year, plus the public holidays of the country
they work in. Unused days (up to five) carry over to the next year.

## Booking time off

1. Agree the dates with your team.
2. Book them in the HR system; your manager approves.
3. Add them to the team calendar and set an out-of-office reply.

## Company-wide days off

| Day | Why |
| --- | --- |
| Last Friday of June | Summer day |
| 24 December | Christmas Eve |
| 31 December | New Year's Eve |
""",
        edits=(
            Edit(
                author="dana",
                summary="Cover sick leave too and rename the page",
                title="Holidays and time off",
                days_later=14,
                replace=(
                    (
                        "| 31 December | New Year's Eve |",
                        "| 31 December | New Year's Eve |\n\n"
                        "## Sick leave\n\nIf you're ill, tell your manager before 10:00 and "
                        "rest. From the fourth day we\nneed a doctor's note. Sick days never "
                        "come out of your holiday.",
                    ),
                ),
            ),
            Edit(
                author="bob",
                summary="Mention on-call swaps",
                days_later=50,
                replace=(
                    (
                        "3. Add them to the team calendar and set an out-of-office reply.",
                        "3. Add them to the team calendar and set an out-of-office reply.\n"
                        "4. If you're on call that week, swap your shift first "
                        "([[On-call rotation]]).",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "people/expenses",
        "Expenses",
        author="dana",
        days_ago=104,
        body="""\
Spend company money as if it were your own, and claim it back within 30 days.

## What you can claim

| Expense | Limit | Notes |
| --- | ---: | --- |
| Train and flights | — | Book via the travel portal |
| Hotel | 150 per night | 200 in London and Amsterdam |
| Meals while travelling | 50 per day | Alcohol isn't covered |
| Home office set-up | 400 once | See [[Remote work]] |

## How to claim

1. Photograph the receipt in the expenses app.
2. Pick the category and add a one-line reason.
3. Your manager approves; payment comes with the next salary.
""",
        edits=(
            Edit(
                author="bob",
                summary="Client dinners need pre-approval",
                days_later=18,
                replace=(
                    (
                        "| Meals while travelling | 50 per day | Alcohol isn't covered |",
                        "| Meals while travelling | 50 per day | Alcohol isn't covered |\n"
                        "| Client dinners | 80 per person | Ask your manager first |",
                    ),
                ),
            ),
            Edit(
                author="dana",
                summary="Raise the hotel limit",
                days_later=55,
                replace=(("| 150 per night | 200 in London", "| 170 per night | 220 in London"),),
            ),
        ),
    ),
    DemoArticle(
        "people/benefits",
        "Benefits",
        author="dana",
        days_ago=103,
        body="""\
| Benefit | What you get |
| --- | --- |
| Pension | We add 6% of your salary; you choose your own contribution |
| Health insurance | Private cover for you and your family |
| Learning | 1,000 a year — see [[Learning budget]] |
| Cycle to work | Tax-free bike scheme |
| On-call allowance | Flat weekly payment — see [[On-call rotation]] |

Benefits start on your first day. Details vary a little by country; ask People.
""",
    ),
    DemoArticle(
        "people/parental-leave",
        "Parental leave",
        author="dana",
        days_ago=102,
        body="""\
Every parent — birth, adoptive or surrogacy, whatever their gender — gets **20 weeks at full
pay**, to take within the child's first year.

## Planning your leave

- [ ] Tell your manager and People when you're ready (at least 8 weeks before)
- [ ] Agree a handover plan and who covers your work
- [ ] Book up to ten paid "keeping in touch" days if you'd like them

Returning parents can work four days a week on full pay for the first month back.
""",
    ),
    DemoArticle(
        "people/remote-work",
        "Remote work",
        author="bob",
        days_ago=101,
        body="""\
Work from wherever you do your best work, within the country your contract is in.

## Guidelines

- Be reachable during your team's core hours (10:00–16:00 local time).
- Come to your team's in-person week once a quarter; we pay travel.
- Working abroad for up to four weeks a year is fine — tell People first for tax reasons.

## Home office

Claim up to 400 for a chair, desk or screen (see [[Expenses]]); your laptop and headset
come from IT ([[Laptops and equipment]]).
""",
    ),
    DemoArticle(
        "people/performance-reviews",
        "Performance reviews",
        author="dana",
        days_ago=99,
        body="""\
Reviews happen twice a year, in March and September. They should never be a surprise: your
manager gives feedback all year round.

## Timeline

| Week | What happens |
| :---: | --- |
| 1 | You write a self-review |
| 2 | Two peers of your choice give feedback |
| 3 | Your manager writes the review |
| 4 | You discuss it together; promotions are decided |

## Self-review prompts

1. What are you proudest of since the last review?
2. What would you do differently?
3. What do you want to learn next? (Your [[Learning budget]] can help.)
""",
    ),
    DemoArticle(
        "people/learning-budget",
        "Learning budget",
        author="dana",
        days_ago=97,
        body="""\
Everyone has **1,000 a year** and **five days** for learning: books, courses, conferences.

## How to use it

- Under 100: just buy it and claim it through [[Expenses]].
- Over 100: ask your manager first, by email, so there's a record.
- Conferences: the budget covers the ticket; travel is paid separately.

Share what you learned: a short page in Lore or a lunch talk.
""",
        edits=(
            Edit(
                author="alice",
                summary="List a few favourite resources",
                days_later=33,
                replace=(
                    (
                        "Share what you learned: a short page in Lore or a lunch talk.",
                        "Share what you learned: a short page in Lore or a lunch talk.\n\n"
                        "## Popular with colleagues\n\n"
                        "- *Designing Data-Intensive Applications* (engineering)\n"
                        "- *The Mom Test* (product and support)\n"
                        "- The yearly DjangoCon Europe",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "people/equipment",
        "Laptops and equipment",
        author="admin",
        days_ago=93,
        body="""\
IT sends your laptop before your first day.

| Role | Laptop | Extras |
| --- | --- | --- |
| Engineering, design | 16" laptop, 32 GB | Second screen |
| Everyone else | 14" laptop, 16 GB | Headset |

## If something breaks

Email it@fernhill.example with a photo. We ship a replacement within two working days. Lost
or stolen laptops must be reported within 24 hours so we can wipe them remotely (see
[[Security practices]]).
""",
    ),
    # Product -------------------------------------------------------------------------------
    DemoArticle(
        "product",
        "Product",
        author="chen",
        days_ago=100,
        body="""\
How we decide what to build, and how we tell people about it.

- [[Product principles]]
- [[Roadmap process]]
- [[Writing a product spec]]
- [[Customer research]]
- [[Release notes style guide]]
- [[Glossary]]
""",
    ),
    DemoArticle(
        "product/principles",
        "Product principles",
        author="chen",
        days_ago=99,
        body="""\
## 1. Dispatchers first

Our users plan routes at 6 a.m. under time pressure. Every screen should help them finish
sooner.

## 2. Defaults over settings

Each setting is a decision we pushed onto the customer. Add one only when customers truly
differ.

## 3. Explain the plan

When the optimiser makes a surprising choice, show why. Trust beats a slightly shorter route.
""",
        edits=(
            Edit(
                author="bob",
                summary="Add principle 4 after the roadmap offsite",
                days_later=35,
                replace=(
                    (
                        "Trust beats a slightly shorter route.",
                        "Trust beats a slightly shorter route.\n\n"
                        "## 4. Fast is a feature\n\n"
                        "Planning a 300-parcel day must take under ten seconds. Slow screens "
                        "get bugs filed\nlike broken ones.",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "product/roadmap",
        "Roadmap process",
        author="chen",
        days_ago=97,
        body="""\
We plan quarterly, in outcomes rather than features.

## The quarter

| When | What |
| --- | --- |
| Week -3 | Teams draft outcomes with evidence ([[Customer research]]) |
| Week -2 | Leadership review; trade-offs are made in the open |
| Week -1 | The roadmap page is published and linked in #general |
| Week 6 | Mid-quarter check: keep, change or drop |

## Asking for something

Put requests in the product inbox with the customer, the problem and how often it happens.
Don't ask for a solution; describe the pain.
""",
    ),
    DemoArticle(
        "product/specs",
        "Writing a product spec",
        author="chen",
        days_ago=95,
        body="""\
A spec is a page in Lore, written before the work starts and kept up to date during it.

## Template

```markdown
## Problem
Who has it, how often, and what it costs them.

## Proposal
What we'll build. Screens or sketches welcome.

## Out of scope
What we deliberately won't do.

## Success
How we'll know it worked, with a number.
```

Keep it short: two pages is plenty. Link it from the ticket and from the
[[Roadmap process|quarterly roadmap]].
""",
    ),
    DemoArticle(
        "product/release-notes",
        "Release notes style guide",
        author="chen",
        days_ago=90,
        body="""\
Release notes are read by busy dispatchers. Lead with what they can now do.

- **Do:** "You can now move a parcel between routes by dragging it."
- **Don't:** "Implemented drag-and-drop for the route assignment component."

## Checklist

- [ ] Written for the user, in the second person
- [ ] One sentence per change, the most useful first
- [ ] A screenshot for anything visual
- [ ] Support has seen it before it goes out (see [[Macros and canned replies]])
""",
    ),
    DemoArticle(
        "product/research",
        "Customer research",
        author="chen",
        days_ago=89,
        body="""\
We talk to at least five customers a month. Anyone can join a call.

## Running an interview

1. Ask about the last time they did the task, not about hypotheticals.
2. Listen more than you talk.
3. Write notes in a Lore page under this one within a day.

## Finding customers to talk to

Support knows who has been asking for what: ask in #support, or look through tickets
tagged `research`.
""",
    ),
    DemoArticle(
        "product/glossary",
        "Glossary",
        author="chen",
        days_ago=86,
        body="""\
| Term | Meaning |
| --- | --- |
| Depot | Where vans start and end their day |
| Drop | One stop on a route, with one or more parcels |
| Route | The ordered drops for one van on one day |
| Time window | When a customer accepts deliveries |
| Optimiser | The service that turns parcels into routes |
| Dispatcher | The customer's employee who plans the day |
""",
    ),
    # Support -------------------------------------------------------------------------------
    DemoArticle(
        "support",
        "Support",
        author="emeka",
        days_ago=98,
        body="""\
How we help customers: response times, escalation, and the replies we reuse.

- [[Support tiers and SLAs]]
- [[Escalation process]]
- [[Macros and canned replies]]
- [[Refund policy]]
- [[Troubleshooting sign-in problems]]
""",
    ),
    DemoArticle(
        "support/slas",
        "Support tiers and SLAs",
        author="emeka",
        days_ago=96,
        body="""\
| Plan | Channels | First response | Hours |
| --- | --- | :---: | --- |
| Starter | Email | 1 working day | Office hours |
| Business | Email, chat | 4 hours | Office hours |
| Enterprise | Email, chat, phone | 1 hour | 24/7 for SEV1 |

"Office hours" are 07:00–19:00 CET, Monday to Friday, because dispatchers start early.

Response times are measured to the first human reply; the automatic acknowledgement
doesn't count.
""",
    ),
    DemoArticle(
        "support/escalation",
        "Escalation process",
        author="emeka",
        days_ago=94,
        body="""\
## When to escalate

- Several customers report the same problem within an hour → possible incident: follow the
  [[engineering/incident-response|incident process]].
- One customer is blocked and you can't find a workaround → escalate to the product team on
  duty in #support-escalations.
- Anything involving data loss or a security concern → escalate immediately, whatever the
  time.

## How to write an escalation

1. Customer, plan and ticket link.
2. What they tried to do, what happened, what they expected.
3. What you've already checked.

Keep the customer updated at least daily, even if the update is "still investigating".
""",
    ),
    DemoArticle(
        "support/macros",
        "Macros and canned replies",
        author="emeka",
        days_ago=93,
        body="""\
Macros save time, but every reply should still read like it came from a person. Edit before
sending.

## Acknowledging a bug

> Thanks for reporting this, and sorry for the trouble. I've reproduced it and passed it to
> our engineers. I'll update you by {date}, sooner if we have a fix.

## Password reset

> You can reset your password from the sign-in page ("Forgot your password?"). The link is
> valid for one hour. If it doesn't arrive, check your spam folder.

For sign-in problems that a reset doesn't fix, see [[Troubleshooting sign-in problems]].
""",
    ),
    DemoArticle(
        "support/refunds",
        "Refund policy",
        author="emeka",
        days_ago=87,
        body="""\
- Monthly plans: refund the current month if the customer cancels within 14 days of the
  charge.
- Annual plans: refund the unused months, minus one month.
- Service credits for outages follow the SLA (see [[Support tiers and SLAs]]).

Refunds over 1,000 need approval from the finance team; everything else a support lead can
approve.
""",
        edits=(
            Edit(
                author="chen",
                summary="Clarify trial conversions",
                days_later=28,
                replace=(
                    (
                        "- Annual plans: refund the unused months, minus one month.",
                        "- Annual plans: refund the unused months, minus one month.\n"
                        "- Trials that converted by mistake: refund in full, no questions.",
                    ),
                ),
            ),
        ),
    ),
    DemoArticle(
        "support/troubleshooting-logins",
        "Troubleshooting sign-in problems",
        author="emeka",
        days_ago=84,
        body="""\
Work down the list; most problems are solved by step 3.

1. Is the customer on the right address (`app.fernhill.example`, not the old domain)?
2. Has their account been deactivated by their own admin? Check the user's status.
3. Ask them to reset their password (see [[Macros and canned replies]]).
4. Single sign-on customers: check the identity provider's certificate hasn't expired.
5. Still stuck? Escalate with the user's email and the time of the last attempt
   ([[Escalation process]]).

## Useful admin commands

```bash
./manage.py user_status dispatcher@customer.example
./manage.py unlock_user dispatcher@customer.example
```
""",
    ),
]
