"""One trace as Jaeger's HTTP API returns it (GET /api/traces/{id}, the trace viewer's and Jaeger v2's), and its
printed tree. Shared by run-demo.sh and scripts/prod_path_check.py."""


def tag(tags, key):
    """The value of a span's tag, or None."""
    for t in tags or []:
        if t.get("key") == key:
            return t.get("value")
    return None


def duration(us):
    """Microseconds as people read them: '181.8 ms', '3.06 s'."""
    return f"{us / 1e6:.2f} s" if us >= 1_000_000 else f"{us / 1000:.1f} ms"


# The attributes the printed tree shows after each span, in this order (the rest is in the viewer).
SHOWN = ("http.response.status_code", "url.full", "user.id", "tenant.id", "payment.intent_id",
         "stripe.payment_intent_id", "account.events_read", "account.events_used", "db.query.text", "db.statement",
         "db.response.returned_rows", "messaging.consumer.group.name", "error.type")


class Trace:
    def __init__(self, data):
        self.id = data["traceID"]
        self.processes = data.get("processes") or {}
        self.spans = data.get("spans") or []
        self.by_id = {s["spanID"]: s for s in self.spans}
        self.children = {}
        self.roots = []
        for s in self.spans:
            parent = self.parent(s)
            if parent in self.by_id:
                self.children.setdefault(parent, []).append(s)
            else:
                self.roots.append(s)
        for spans in self.children.values():
            spans.sort(key=lambda s: s["startTime"])
        self.roots.sort(key=lambda s: s["startTime"])

    @staticmethod
    def parent(span):
        for ref in span.get("references") or []:
            if ref.get("refType") == "CHILD_OF":
                return ref.get("spanID")
        return None

    def service(self, span):
        return (self.processes.get(span.get("processID")) or {}).get("serviceName", "?")

    @staticmethod
    def kind(span):
        return tag(span.get("tags"), "span.kind") or "internal"

    def key(self, span):
        """(service, name, kind): how the checks name a span."""
        return self.service(span), span["operationName"], self.kind(span)

    def complete(self):
        """One root, and it has no parent: no span of the trace is missing between the root and the others."""
        return len(self.roots) == 1 and self.parent(self.roots[0]) is None

    def duration_us(self):
        start = min(s["startTime"] for s in self.spans)
        return max(s["startTime"] + s["duration"] for s in self.spans) - start

    def find(self, service, name, kind=None):
        return [s for s in self.spans if self.service(s) == service and s["operationName"] == name
                and (kind is None or self.kind(s) == kind)]

    def parent_of(self, span):
        return self.by_id.get(self.parent(span))

    def error(self, span):
        return tag(span.get("tags"), "otel.status_code") == "ERROR" or tag(span.get("tags"), "error") is True

    @staticmethod
    def describe(span):
        tags = span.get("tags") or []
        shown = [f"{key}={tag(tags, key)}" for key in SHOWN if tag(tags, key) is not None]
        for log in span.get("logs") or []:
            fields = {f.get("key"): f.get("value") for f in log.get("fields") or []}
            if fields.get("event") == "exception" and fields.get("exception.message"):
                shown.append(f"exception=\"{fields['exception.message'][:100]}\"")
        return "  ".join(shown)

    def print_tree(self, out=print):
        """Each span on a line under its parent: service, name, kind, duration, status and the SHOWN attributes."""
        rows = []

        def walk(span, prefix, last, depth):
            branch = "" if depth == 0 else ("└─ " if last else "├─ ")
            status = tag(span.get("tags"), "otel.status_code") or "UNSET"
            rows.append((prefix + branch + self.service(span), span["operationName"], self.kind(span).upper(),
                         duration(span["duration"]), status, self.describe(span)))
            kids = self.children.get(span["spanID"], [])
            for i, child in enumerate(kids):
                walk(child, prefix + ("" if depth == 0 else ("   " if last else "│  ")), i == len(kids) - 1, depth + 1)

        for root in self.roots:
            walk(root, "  ", True, 0)
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for r in rows:
            line = "  ".join(r[i].ljust(widths[i]) if i != 3 else r[i].rjust(widths[i]) for i in range(5))
            out((line + "  " + r[5]).rstrip())
