"""The event table model: qtmodeltester, batches, lazy paging from a real store, filters and search."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import QModelIndex, Qt

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore, matches
from dingconsole.gui.event_model import (
    COL_OUTCOME,
    COL_SUMMARY,
    COL_TIME,
    COL_TYPE,
    EventProxyModel,
    EventTableModel,
    ExchangeRole,
)
from dingconsole.gui.listener_bridge import ListenerBridge


def make_exchange(
    event_type: str = "check_url", outcome: Outcome = Outcome.OK, profile: str = "app", **extra
) -> Exchange:
    payload = {"EventType": event_type, **extra}
    return Exchange(
        received_at=time.time(),
        request=HttpRequest(method="POST", path="/api/callback", body=b'{"encrypt":"x"}'),
        remote="127.0.0.1",
        profile=profile,
        outcome=outcome,
        message=json.dumps(payload, ensure_ascii=False),
        event_type=event_type,
        handling_ms=1.5,
    )


def test_model_passes_qtmodeltester_with_rows_and_paging(qtmodeltester, store: EventStore) -> None:
    store.add_many([make_exchange(title=f"t{i}") for i in range(30)])
    model = EventTableModel(store)
    model.page_size = 10
    qtmodeltester.check(model, force_py=True)
    model.add_exchanges([make_exchange("user_add_org", UserId=["u1"])])
    qtmodeltester.check(model, force_py=True)


def test_batches_prepend_newest_first(qtbot) -> None:
    model = EventTableModel()
    first, second = make_exchange("check_url"), make_exchange("user_leave_org", UserId=["u9"])
    with qtbot.wait_signal(model.rowsInserted):
        model.add_exchanges([first, second])
    assert model.rowCount() == 2
    assert model.index(0, 0).data(ExchangeRole) is second
    assert model.index(1, 0).data(ExchangeRole) is first
    assert model.index(0, COL_TYPE).data() != ""  # a readable label
    assert "u9" in model.index(0, COL_SUMMARY).data()
    assert model.index(0, COL_OUTCOME).data(Qt.ItemDataRole.DecorationRole) is not None


def test_lazy_paging_loads_older_events_once(store: EventStore) -> None:
    exchanges = [make_exchange(title=f"t{i}") for i in range(25)]
    for i, ex in enumerate(exchanges):
        ex.received_at = 1_700_000_000 + i
    store.add_many(exchanges)
    model = EventTableModel(store)
    model.page_size = 10
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 10
    # a live event arrives (already committed to the store): paging must not show it twice
    live = make_exchange("chat_quit")
    store.add(live)
    model.add_exchanges([live])
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    ids = [model.exchange(r).id for r in range(model.rowCount())]
    assert len(ids) == 26 == len(set(ids))
    assert model.exchange(0).id == live.id
    assert "2023-" in model.index(1, COL_TIME).data()  # an earlier day shows its date


def test_filters_and_search_without_a_store_and_sorting(qtbot) -> None:
    model = EventTableModel()
    proxy = EventProxyModel()
    proxy.setSourceModel(model)
    model.add_exchanges(
        [
            make_exchange("check_url", profile="a"),
            make_exchange("bpms_instance_change", profile="b", title="张三提交的报销"),
            make_exchange("user_add_org", Outcome.FAILED, profile="a"),
        ]
    )
    assert proxy.rowCount() == 3
    model.set_filter(EventFilter(profiles=("a",)))  # no store: the rows held are filtered in memory
    assert proxy.rowCount() == 2
    model.set_filter(EventFilter(outcomes=(Outcome.FAILED,)))
    assert [proxy.index(r, 0).data(ExchangeRole).event_type for r in range(proxy.rowCount())] == ["user_add_org"]
    model.set_filter(EventFilter())
    model.add_exchanges([make_exchange("check_url"), make_exchange("chat_quit", Outcome.INVALID)])
    proxy.sort(COL_TIME, Qt.SortOrder.AscendingOrder)
    times = [proxy.index(r, 0).data(ExchangeRole).received_at for r in range(proxy.rowCount())]
    assert times == sorted(times)
    proxy.sort(COL_OUTCOME, Qt.SortOrder.AscendingOrder)
    outcomes = [proxy.index(r, COL_OUTCOME).data() for r in range(proxy.rowCount())]
    assert outcomes == sorted(outcomes)
    proxy.sort(COL_TIME, Qt.SortOrder.DescendingOrder)  # the fast path: the model's own order
    assert proxy.sortColumn() == -1 and proxy.shown_sort() == (COL_TIME, Qt.SortOrder.DescendingOrder)
    times = [proxy.index(r, 0).data(ExchangeRole).received_at for r in range(proxy.rowCount())]
    assert times == sorted(times, reverse=True)
    model.add_exchanges([make_exchange("org_remove")])
    assert proxy.index(0, 0).data(ExchangeRole).event_type == "org_remove"


def test_bridge_coalesces_observer_calls_from_another_thread(qtbot) -> None:
    import threading

    bridge = ListenerBridge(interval_ms=20)
    batches: list[list[Exchange]] = []
    bridge.batchReady.connect(batches.append)
    items = [make_exchange() for _ in range(50)]
    worker = threading.Thread(target=lambda: [bridge.observer(ex) for ex in items])
    worker.start()
    worker.join()
    qtbot.wait_until(lambda: sum(len(b) for b in batches) == 50)
    assert len(batches) < 50
    assert [ex for b in batches for ex in b] == items


def test_a_filter_finds_an_old_event_not_yet_paged_in(qtmodeltester, store: EventStore) -> None:
    old = make_exchange("org_dept_create", DeptId=[7], title="the needle 针")
    old.received_at = 1_600_000_000
    rest = [make_exchange(title=f"t{i}") for i in range(40)]
    store.add_many([old, *rest])
    model = EventTableModel(store)
    model.page_size = 10
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 10 and old.id not in {model.exchange(r).id for r in range(10)}

    model.set_filter(EventFilter(event_types=("org_dept_create",)))
    assert [model.exchange(r).id for r in range(model.rowCount())] == [old.id]
    assert not model.canFetchMore(QModelIndex())
    model.set_filter(EventFilter(text="针"))
    assert model.rowCount() == 1
    model.set_filter(EventFilter(outcomes=(Outcome.OK,)))
    assert model.rowCount() == 10 and model.canFetchMore(QModelIndex())  # paged again, with the filter
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 41

    # live rows are inserted only when they match the filter
    model.set_filter(EventFilter(event_types=("org_dept_create",)))
    live = [make_exchange("org_dept_create", DeptId=[8]), make_exchange("check_url")]
    store.add_many(live)
    assert model.add_exchanges(live) == 1
    assert model.exchange(0).id == live[0].id and model.rowCount() == 2
    model.set_filter(EventFilter())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    ids = [model.exchange(r).id for r in range(model.rowCount())]
    assert len(ids) == 43 == len(set(ids))

    # the tester fetches more from its own modelReset slot, so it checks a model already filtered
    checked = EventTableModel(store)
    checked.page_size = 10
    checked.set_filter(EventFilter(outcomes=(Outcome.OK,)))
    qtmodeltester.check(checked, force_py=True)
    more = make_exchange("org_dept_create")
    store.add(more)
    checked.add_exchanges([more, make_exchange("x", Outcome.FAILED)])
    qtmodeltester.check(checked, force_py=True)


@pytest.mark.parametrize(
    "flt",
    [
        EventFilter(),
        EventFilter(event_types=("check_url",)),
        EventFilter(outcomes=(Outcome.FAILED, "invalid")),
        EventFilter(profiles=("b",)),
        EventFilter(text="PIN"),
        EventFilter(text="报销"),
        EventFilter(since=1_700_000_001.5, until=1_700_000_003),
        EventFilter(transport=("http",), profiles=("a",)),
    ],
)
def test_matches_agrees_with_the_store_query(store: EventStore, flt: EventFilter) -> None:
    exchanges = [
        make_exchange("check_url", profile="a"),
        make_exchange("bpms_instance_change", profile="b", title="张三提交的报销"),
        make_exchange("user_add_org", Outcome.FAILED, profile="a", note="pin code"),
        make_exchange("user_leave_org", Outcome.INVALID, profile=None),
        make_exchange("chat_quit", Outcome.OK, profile="b"),
    ]
    for i, ex in enumerate(exchanges):
        ex.received_at = 1_700_000_000 + i
    exchanges[3].event_type = None
    store.add_many(exchanges)
    expected = {ex.id for ex in store.query(flt)}
    assert {ex.id for ex in exchanges if matches(ex, flt)} == expected


def test_the_search_box_is_debounced_and_queries_the_store(qtbot, store: EventStore) -> None:
    from dingconsole.gui.events_view import EventsView

    old = make_exchange("check_url", title="findme-old")
    old.received_at = 1_600_000_000
    store.add_many([old, *[make_exchange(title=f"t{i}") for i in range(30)]])
    model = EventTableModel(store)
    model.page_size = 10
    view = EventsView(model)
    qtbot.addWidget(view)
    model.fetchMore(QModelIndex())
    view.search.setText("findme")
    assert view.proxy.rowCount() == 10  # not yet: the query waits until typing pauses
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    assert view.proxy.index(0, 0).data(ExchangeRole).id == old.id
    assert view.current_filter() == EventFilter(text="findme") == model.filter()
    view.search.clear()
    view.type_filter.setCurrentIndex(view.type_filter.findData("check_url"))  # combos apply at once
    assert model.filter() == EventFilter(event_types=("check_url",))
    assert view.proxy.rowCount() == 10


def test_bridge_caps_each_delivery_and_flush_hands_over_the_rest(qtbot) -> None:
    bridge = ListenerBridge(interval_ms=5, max_batch=3)
    batches: list[list[Exchange]] = []
    bridge.batchReady.connect(batches.append)
    for _ in range(7):
        bridge.observer(make_exchange())
    qtbot.waitUntil(lambda: sum(map(len, batches)) == 7)
    assert [len(b) for b in batches] == [3, 3, 1]
    for _ in range(5):
        bridge.observer(make_exchange())
    bridge.flush()  # shutdown: everything at once, nothing left behind
    assert len(batches[-1]) == 5 and bridge.pending() == 0


def test_status_page_non_json_and_invalid_rows_say_what_they_were(qtbot, store: EventStore, listener, profile) -> None:
    """A GET of the status page, a decrypted non-JSON message and requests that are not pushes left
    the Event and Summary cells empty: each now says what it was, in English and in Chinese."""
    import socket

    from dingconsole.gui import i18n
    from tests.listener_util import push, send

    url = listener.url
    send("GET", url)
    send("POST", url, push(profile, "plain text, " * 10))
    send("PUT", url, data=b"x")
    send("POST", url.replace("/api/callback", "/nope"), data=b"x")
    with socket.create_connection((listener.host, listener.port)) as raw:
        raw.sendall(b"POST /api/callback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        raw.recv(4096)
    qtbot.wait_until(lambda: store.count() == 5)

    def cells(lang: str) -> list[tuple[str, str]]:
        model = EventTableModel(store, lang=lang)
        model.fetchMore(QModelIndex())
        rows = [(model.index(r, COL_TYPE).data(), model.index(r, COL_SUMMARY).data()) for r in range(5)]
        return list(reversed(rows))  # oldest first, in the order sent

    english = cells("en")
    assert english[0] == ("Status page", "GET — status page")
    assert english[1][0] == "Not JSON"
    assert english[1][1].startswith("message is not JSON: plain text, plain text,") and english[1][1].endswith("…")
    assert english[2] == ("Wrong method", "PUT is not how DingTalk calls back")
    assert english[3] == ("Unknown path", "no callback at /nope")
    assert english[4][0] == "Malformed HTTP" and "chunk" in english[4][1] and "\n" not in english[4][1]
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        chinese = cells("zh")
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)
    assert chinese[0] == ("状态页", "GET — 状态页")
    assert chinese[1][0] == "非 JSON" and chinese[1][1].startswith("消息不是 JSON：plain text,")
    assert chinese[2] == ("请求方法错误", "PUT 不是钉钉回调的方式（钉钉使用 POST）")
    assert chinese[3] == ("未知路径", "/nope 没有回调")
    assert chinese[4][0] == "HTTP 格式错误"


ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.FontRole,
    ExchangeRole,
)


def _cells(model) -> list:
    """Every cell's value for every role (icons and brushes compared by what they show)."""

    def shown(value):
        if hasattr(value, "cacheKey") and hasattr(value, "isNull"):  # QIcon
            return ("icon", value.isNull())
        if hasattr(value, "color") and callable(value.color):  # QBrush
            return ("brush", value.color().name())
        return value

    return [
        shown(model.index(r, c).data(role))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in ROLES
    ]


def test_proxy_source_order_fast_path_serves_what_the_source_holds(qtmodeltester) -> None:
    """In time-descending order the proxy reads rows directly (bench/gui_ingest.py): same cells as the
    source for every role, live inserts included; another sort goes back through Qt's mapping."""
    model = EventTableModel()
    proxy = EventProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(COL_TIME, Qt.SortOrder.DescendingOrder)
    model.add_exchanges([make_exchange("check_url"), make_exchange("user_add_org", Outcome.FAILED, UserId=["u1"])])
    model.add_exchanges([make_exchange("chat_quit", Outcome.INVALID)])
    qtmodeltester.check(proxy, force_py=True)
    assert _cells(proxy) == _cells(model)
    assert proxy.index(0, COL_OUTCOME).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#ef6c00"
    assert not model.index(model.rowCount(), 0).isValid() and not model.index(0, COL_SUMMARY + 99).isValid()
    proxy.sort(COL_TYPE, Qt.SortOrder.AscendingOrder)
    labels = [proxy.index(r, COL_TYPE).data() for r in range(proxy.rowCount())]
    assert labels == sorted(labels) and labels != [model.index(r, COL_TYPE).data() for r in range(3)]
    qtmodeltester.check(proxy, force_py=True)


def test_rows_arriving_while_sorted_by_a_column_land_in_time_order_within_their_group(qtbot) -> None:
    """Issue 23: sorted by type during live traffic, a new row went to the end of its group."""
    model = EventTableModel()
    proxy = EventProxyModel()
    proxy.setSourceModel(model)
    base = time.time()

    def at(offset: float, kind: str) -> Exchange:
        ex = make_exchange(kind)
        ex.received_at = base + offset
        return ex

    model.add_exchanges([at(0, "check_url"), at(1, "user_add_org"), at(2, "check_url")])
    proxy.sort(COL_TYPE, Qt.SortOrder.AscendingOrder)
    model.add_exchanges([at(3, "check_url"), at(4, "chat_quit")])
    model.add_exchanges([at(5, "check_url")])
    rows = [proxy.index(r, 0).data(ExchangeRole) for r in range(proxy.rowCount())]
    groups: dict[str, list[float]] = {}
    for ex in rows:
        groups.setdefault(ex.event_type, []).append(ex.received_at)
    assert groups["check_url"] == sorted(groups["check_url"]) and len(groups["check_url"]) == 4
    kinds = [proxy.index(r, COL_TYPE).data() for r in range(proxy.rowCount())]
    assert kinds == sorted(kinds)
