"""API explorer: every endpoint of the catalogue, a form from its models, sent through the
session's client (digest, headers, overrides, roles, the journal; writes exactly once and
audited), the answer as a tree and a table beside its model's problems, and the call copied
as curl, Python or HTTPie.  The logic is in `minted.console.explorer`."""

import uuid

import streamlit as st

from minted import _json, replay
from minted.console import calls, drift, explorer, formatting, frame, labels, session
from minted.endpoints import describe
from minted.errors import MintedError
from minted.journal import redact

frame.header(
    "API explorer",
    "Every endpoint of the catalogue, grouped as the docs' navigation. Forms start with the "
    "docs' example where there is one; writes are audited and sent once per click.",
)
client = session.client()
env = session.current_environment()
items = explorer.catalogue(client.endpoint_overrides)
VALUES = "explorer-values"  # ids remembered from this session's answers
CATALOGUE_COLUMNS = ["page", "method", "path", "docs", "writes", "overridden"]


# -- which endpoint --------------------------------------------------------------------------------
search = st.text_input(
    "Search by name or path",
    key="explorer-search",
    placeholder="bin, Get Customer, /partner/order, DELETE basket",
)
found = explorer.search(items, search)
endpoints_found = len({item.spec.name for item in found})
st.caption(f"{endpoints_found} of {len({i.spec.name for i in items})} endpoints")
# Both expanders are drawn only while open: the catalogue is a table per section of the docs,
# which the browser drew on every visit, closed or not.
catalogue, fill = frame.lazy_expander(
    "The catalogue, by the docs' sections", key="explorer-catalogue", keep_filled=False
)
if fill:
    for section, members in explorer.grouped(found).items():
        catalogue.markdown(f"**{formatting.literal(section)}**")
        frame.table(
            [
                {
                    "page": item.title,
                    "method": (item.sent_as or item.spec.endpoint).method,
                    "path": (item.sent_as or item.spec.endpoint).path,
                    "docs": "assumed" if item.spec.endpoint.assumed else "documented",
                    "writes": item.spec.endpoint.writes,
                    "overridden": describe(item.sent_as) if item.sent_as else "",
                }
                for item in members
            ],
            "explorer",
            session.language(),
            columns=CATALOGUE_COLUMNS,
            where=catalogue,
        )

drift_box, fill = frame.lazy_expander(
    "Drift report: where this environment differs from the models and the sandbox",
    key="explorer-drift",
    keep_filled=False,
)
if fill:
    with drift_box:
        st.caption(
            "Calls every endpoint that reads (never a write), with ids taken from earlier "
            "answers, and lists per endpoint: reached or not (a 404 on an assumed path: path "
            "assumed wrong), fields the model lacks or misses, other types and date formats, "
            "and how the same call differs on the console's sandbox.  The same as "
            "`python -m minted.conformance`."
        )
        if st.button("Run the drift report", key="drift-run", icon=":material/rule:"):
            running = session.sandbox()
            try:
                with session.calling(), calls.loading("Calling every read-only endpoint…"):
                    st.session_state["drift-report"] = drift.run_against(
                        client,
                        None if session.is_sandbox() else running.url,
                        running.settings.username,
                        running.settings.password,
                    )
            except MintedError as error:
                calls.show_error(error, retry=True)
        report = st.session_state.get("drift-report")
        if report is not None and report.environment == env:
            st.markdown(formatting.literal(drift.summary(report)))
            table = drift.drift_frame(report)
            frame.table(table, "drift", session.language())
            get = st.columns([1, 1, 4])
            for column, (kind, (name, content, mime)) in zip(
                get, drift.report_files(report).items(), strict=False
            ):
                column.download_button(f"Download {kind}", content, file_name=name, mime=mime)

if not found:
    st.info("No endpoint matches that; try part of its name or path.")
    item = None
else:
    keys = [i.key for i in found]
    by_key = {i.key: i for i in found}
    asked = st.query_params.get("endpoint")
    start = next((n for n, i in enumerate(found) if asked in (i.spec.name, i.key)), 0)
    chosen = st.selectbox(
        "Endpoint",
        keys,
        index=start,
        format_func=lambda key: f"{by_key[key].section} › {by_key[key].label}",
        key=f"explorer-endpoint:{search}",
    )
    item = by_key[chosen]
    st.query_params["endpoint"] = item.spec.name


# -- its form --------------------------------------------------------------------------------------
def field_widget(field: explorer.Field, key: str, where=st) -> None:
    help_text = f"{field.type_name}" + (" · required" if field.required else "")
    if field.kind in ("choice", "bool"):
        options = ["", *(field.choices if field.kind == "choice" else ("true", "false"))]
        if st.session_state.get(key) not in options:
            st.session_state[key] = ""
        where.selectbox(field.label, options, key=key, help=help_text)
    elif field.kind == "json":
        where.text_area(field.label, key=key, help=help_text + " · JSON", height=140)
    else:
        where.text_input(field.label, key=key, help=help_text)


def init_form(spec, keys: dict[str, str], body_fields, query_fields) -> None:
    """The form's first values: the docs' example (or the console's starter), placeholders
    filled with sample ids and the ids remembered from this session's answers.  Streamlit
    forgets a widget's value once it is not shown (another endpoint was chosen), so a form
    shown again starts again, with what was remembered since."""
    raw = st.session_state.get(keys["raw"])
    shown = [f"{keys['path']}{name}" for name in spec.path_params]
    shown += [f"{keys['query']}{f.name}" for f in query_fields]
    if spec.body is not None:
        shown.append(keys["raw"])
        shown += [keys["raw_body"]] if raw else [f"{keys['body']}{f.name}" for f in body_fields]
    if all(key in st.session_state for key in shown):  # as it was typed
        return
    start = explorer.prefill(spec, st.session_state.get(VALUES, {}))
    st.session_state[keys["source"]] = start.source
    st.session_state[keys["raw"]] = False
    for name, value in start.path_params.items():
        st.session_state[f"{keys['path']}{name}"] = value
    for field in query_fields:
        st.session_state[f"{keys['query']}{field.name}"] = explorer.field_text(
            field, start.query.get(field.name)
        )
    body = start.body if isinstance(start.body, dict) else {}
    for field in body_fields:
        st.session_state[f"{keys['body']}{field.name}"] = explorer.field_text(
            field, body.get(field.name)
        )
    st.session_state[keys["raw_body"]] = (
        _json.dumps(start.body, indent=2) if start.body is not None else ""
    )
    if spec.body is not None and not explorer.fields_hold(body_fields, start.body):
        st.session_state[keys["raw"]] = True  # only raw JSON holds it as it is


def switch_mode(keys: dict[str, str], body_fields) -> None:
    """The toggle moved: carry the body over to the other editor."""
    if st.session_state[keys["raw"]]:  # fields → raw JSON
        typed = {f.name: st.session_state.get(f"{keys['body']}{f.name}", "") for f in body_fields}
        body, _ = explorer.read_fields(body_fields, typed)
        st.session_state[keys["raw_body"]] = _json.dumps(body, indent=2)
        return
    body, problem = explorer.parse_json(st.session_state.get(keys["raw_body"], ""))
    if problem or not isinstance(body if body is not None else {}, dict):
        st.session_state[keys["raw"]] = True  # stay in raw JSON: nothing typed is lost
        st.session_state["explorer-mode-problem"] = problem or "The body is not a JSON object."
        return
    for field in body_fields:
        st.session_state[f"{keys['body']}{field.name}"] = explorer.field_text(
            field, (body or {}).get(field.name)
        )


def gather(spec, keys, body_fields, query_fields) -> tuple[dict, dict, object, list[str]]:
    """Path parameters, query and body from the form, and what cannot be read."""
    problems: list[str] = []
    path = {}
    for name in spec.path_params:
        value = st.session_state.get(f"{keys['path']}{name}", "").strip()
        if not value:
            problems.append(f"{name}: required")
        path[name] = value
    typed = {f.name: st.session_state.get(f"{keys['query']}{f.name}", "") for f in query_fields}
    query, bad = explorer.read_fields(query_fields, typed)
    problems += [f"{name}: {problem}" for name, problem in bad.items()]
    body = None
    if spec.body is not None:
        if st.session_state.get(keys["raw"]):
            body, problem = explorer.parse_json(st.session_state.get(keys["raw_body"], ""))
            if problem:
                problems.append(f"body: {problem}")
        else:
            typed = {
                f.name: st.session_state.get(f"{keys['body']}{f.name}", "") for f in body_fields
            }
            body, bad = explorer.read_fields(body_fields, typed)
            problems += [f"{name}: {problem}" for name, problem in bad.items()]
    return path, query, body, problems


def send(spec, path, query, body, confirmation) -> None:
    """One call through the session's client; a write exactly once (an intent per click) and
    audited.  What came back is kept for the page to show until the next call."""
    before = max((e.id for e in client.journal.entries()), default=0)

    def call():
        return client.request(spec.endpoint, path_params=path, params=query, body=body)

    data, error = None, None
    if spec.endpoint.writes:
        intent = f"explorer:{uuid.uuid4().hex}"
        data = calls.write(
            f"explorer.{spec.name}",
            call,
            intent=intent,
            scope=f"explorer:{env}:{spec.name}",
            confirmation=confirmation,
            summary=redact(
                {"endpoint": spec.endpoint.key, "path": path, "query": query, "body": body}
            ),
        )
        ok = calls.intent_status(intent) == "done"
    else:
        try:
            with session.calling(), calls.loading():
                data = call()
            ok = True
        except MintedError as exc:
            error, ok = exc, False
    mine = [
        e
        for e in client.journal.entries()
        if e.id > before and e.tag == session.session_tag() and e.endpoint == spec.endpoint.key
    ]
    st.session_state["explorer-answer"] = {
        "endpoint": spec.name,
        "ok": ok,
        "data": data,
        "error": error,
        "entry": mine[-1] if mine else None,
    }
    if ok:
        st.session_state.setdefault(VALUES, {}).update(explorer.remembered(spec, data))


def show_answer(spec, answer) -> None:
    if answer["error"] is not None:  # a read's; calls.write shows a write's as it sends
        calls.show_error(answer["error"])
    entry = answer.get("entry")
    if answer["ok"]:
        data = answer["data"]
        left, right = st.columns([3, 2])
        with left:
            status = f" · HTTP {entry.status} · {entry.duration_ms:.0f} ms" if entry else ""
            st.markdown(f"**Answer**{status}")
            rows = explorer.table_rows(data)
            views = ["Tree", *(["Table"] if rows is not None else []), "JSON"]
            tabs = dict(zip(views, st.tabs(views), strict=True))
            tabs["Tree"].json(_json.dumps(data) if data is not None else "null", expanded=2)
            if rows is not None:
                columns = list(dict.fromkeys(k for row in rows for k in row))
                tabs["Table"].dataframe(
                    rows,
                    hide_index=True,
                    width="stretch",
                    column_config=labels.answer_config(columns),
                )
            tabs["JSON"].code(_json.dumps(data, indent=2), language="json")
        with right:
            problems = spec.check(data)
            shown = [p for p in problems if p.kind != "absent"]
            absent = len(problems) - len(shown)
            model = getattr(spec.response, "__name__", str(spec.response))
            st.markdown(f"**Against the model** `{formatting.literal(model)}`")
            if shown:
                st.warning(
                    f"{len(shown)} problem(s): unknown fields, missing ones, wrong types or "
                    "other formats.",
                    icon=":material/rule:",
                )
                frame.table(
                    explorer.problem_rows(shown),
                    "explorer_problems",
                    session.language(),
                    columns=["kind", "where", "message"],
                )
            else:
                st.success("Fits the model.", icon=":material/check_circle:")
            if absent:
                st.caption(f"{absent} optional field(s) the model declares were not sent.")
    if entry is not None:
        st.markdown("**Copy the call** (set `MINTED_PASSWORD` first)")
        curl, python, httpie = st.tabs(["curl", "Python", "HTTPie"])
        curl.code(entry.to_curl(), language="bash")
        python.code(replay.as_python(entry), language="python")
        httpie.code(replay.as_httpie(entry), language="bash")


if item is not None:
    spec = item.spec
    endpoint = spec.endpoint
    sent_as = client.endpoint(endpoint)
    st.subheader(formatting.literal(item.doc))
    marks = " · ".join(item.marks)
    st.caption(
        formatting.literal(
            f"{endpoint.method} {endpoint.path} · api-version {endpoint.api_version} · {marks} · "
            f"minted: client.{spec.client_method}(…)"
        )
    )
    if len(endpoint.docs) > 1:
        st.caption(formatting.literal("Also in the docs as: " + "; ".join(endpoint.docs[1:])))
    if sent_as != endpoint:
        st.info(
            formatting.literal(
                f"Overridden on {env}: sent as {describe(sent_as)} "
                f"(the catalogue says {describe(endpoint)})."
            ),
            icon=":material/alt_route:",
        )
    if endpoint.assumed:
        st.caption(
            ":material/help: The path is assumed: the docs give this page no path. A 404 here "
            "may mean the path is wrong, not the input."
        )

    base = f"x:{spec.name}:"
    keys = {
        "raw": base + "raw",
        "raw_body": base + "raw-body",
        "source": base + "source",
        "path": base + "p:",
        "query": base + "q:",
        "body": base + "b:",
    }
    body_fields = explorer.fields_of(spec.body)
    query_fields = explorer.fields_of(spec.query)
    init_form(spec, keys, body_fields, query_fields)
    st.caption(formatting.literal(f"Started with {st.session_state.get(keys['source'], '')}."))

    if spec.path_params:
        st.markdown("**Path**")
        columns = st.columns(len(spec.path_params))
        for column, name in zip(columns, spec.path_params, strict=True):
            column.text_input(f"{name} *", key=f"{keys['path']}{name}")
    if query_fields:
        st.markdown("**Query**")
        columns = st.columns(3)
        for n, field in enumerate(query_fields):
            field_widget(field, f"{keys['query']}{field.name}", columns[n % 3])
    if spec.body is not None:
        st.markdown(f"**Body** · `{formatting.literal(spec.body.__name__)}`")
        st.toggle(
            "Raw JSON",
            key=keys["raw"],
            on_change=switch_mode,
            args=(keys, body_fields),
            help="Edit the whole body as JSON (fields the model lacks included)",
        )
        if problem := st.session_state.pop("explorer-mode-problem", None):
            st.error(f"Kept in raw JSON — {formatting.literal(problem)}")
        if st.session_state.get(keys["raw"]):
            st.text_area("Body (JSON)", key=keys["raw_body"], height=260)
        else:
            scalars = [f for f in body_fields if f.kind != "json"]
            nested = [f for f in body_fields if f.kind == "json"]
            columns = st.columns(3)
            for n, field in enumerate(scalars):
                field_widget(field, f"{keys['body']}{field.name}", columns[n % 3])
            for field in nested:
                field_widget(field, f"{keys['body']}{field.name}")

    confirmation = None
    if endpoint.writes:
        if env == "production":
            st.warning(
                "This writes to **PRODUCTION**: real money and real metal.",
                icon=":material/warning:",
            )
            confirmation = st.text_input("Type PRODUCTION to confirm", key="explorer-confirm")
        if not session.may_write():
            st.caption(
                ":material/block: You may not write here: this call would be refused before "
                "it is sent (and the attempt audited)."
            )
        pending = calls.intents().unknown_in(f"explorer:{env}:{spec.name}")
        if pending and st.button("I have checked what happened: allow sending again"):
            calls.intents().release(pending)
            st.rerun()

    left, right = st.columns([1, 4])
    clicked = left.button(
        "Send" + (" (writes)" if endpoint.writes else ""),
        type="primary",
        key=f"{base}send",
        icon=":material/send:",
    )
    right.button(
        "Reset the form",
        key=f"{base}reset",
        type="tertiary",
        on_click=lambda: frame.clear_widgets(
            *[k for k in st.session_state if str(k).startswith(base)]
        ),
    )
    if clicked:
        path, query, body, problems = gather(spec, keys, body_fields, query_fields)
        if problems:
            st.error(
                "Not sent — please correct:\n"
                + "\n".join(f"- {formatting.literal(p)}" for p in problems)
            )
        else:
            send(spec, path, query, body, confirmation)
    answer = st.session_state.get("explorer-answer")
    if answer and answer["endpoint"] == spec.name:
        show_answer(spec, answer)

    remembered = st.session_state.get(VALUES) or {}
    if remembered:
        with st.expander("Ids remembered from answers (forms start with them)"):
            st.json(remembered)
            if st.button("Forget them", key="explorer-forget"):
                st.session_state.pop(VALUES, None)
                st.rerun()
