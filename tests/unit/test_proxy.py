"""The generic proxy's flows, fed hand-built answers (no network: the flows are I/O-free).

Each test drives a flow the way the sync driver does, answering every `Call` from a script and
recording it, so the requests a declaration produces are checked exactly.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ostack import exceptions
from ostack.proxy import Call, Items, ProxyCore, ServiceProxy, Sleep, async_twin, operation
from ostack.resource import Field, QueryParameters, Resource


class Reply:
    def __init__(self, body: Any = None, status: int = 200) -> None:
        self.content = json.dumps(body).encode() if body is not None else b""
        self.status_code = status

    def json(self) -> Any:
        return json.loads(self.content) if self.content else None


class Widget(Resource):
    resource_key = "widget"
    resources_key = "widgets"
    base_path = "/widgets"
    allow_create = allow_commit = allow_delete = True
    query = QueryParameters("name", "colour", all_projects="all_tenants")

    colour = Field()
    size = Field(min_microversion="2.5")
    status = Field()
    fault = Field()


class Gear(Resource):
    resource_key = "gear"
    resources_key = "gears"
    base_path = "/widgets/{widget_id}/gears"
    list_item_key = "gear"
    find_policy = "id"
    status_attribute = None
    pagination = "none"


class Page(Resource):
    resources_key = None
    base_path = "/pages"
    pagination = "marker"
    marker_attribute = "name"
    status_attribute = None


class WidgetService(ServiceProxy):
    service_type = "widget"
    resources = (Widget, Gear, Page)

    @operation
    def polish_widget(self, widget: Any) -> Any:
        resp = yield Call("POST", f"/widgets/{widget}/action", json={"polish": None})
        return resp.status_code


class Script:
    """Answers a flow's calls in order; records what was asked."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[Call] = []
        self.slept: list[float] = []

    def run(self, flow: Any) -> tuple[Any, list[Any]]:
        items: list[Any] = []
        try:
            message = next(flow)
            while True:
                if isinstance(message, Items):
                    items.extend(message.items)
                    message = flow.send(None)
                elif isinstance(message, Sleep):
                    self.slept.append(message.seconds)
                    message = flow.send(None)
                else:
                    self.calls.append(message)
                    answer = self.answers.pop(0)
                    if isinstance(answer, Exception):
                        message = flow.throw(answer)
                    else:
                        message = flow.send(answer)
        except StopIteration as stop:
            return stop.value, items


def proxy(microversion: str | None = "2.10") -> WidgetService:
    service = WidgetService(session=None)
    service._microversion = microversion
    service._negotiated = True
    return service


def test_methods_are_made_from_declarations() -> None:
    for name in ("widgets", "get_widget", "find_widget", "create_widget", "update_widget",
                 "delete_widget", "wait_for_widget", "gears", "get_gear", "pages"):
        assert callable(getattr(WidgetService, name)), name
    assert not hasattr(WidgetService, "wait_for_gear")  # no status: nothing to wait for
    twin = async_twin(WidgetService)
    import inspect

    assert inspect.iscoroutinefunction(twin.get_widget)
    assert inspect.iscoroutinefunction(twin.polish_widget)
    assert not inspect.iscoroutinefunction(twin.widgets)  # an async iterator, not a coroutine


def test_capability_flags_gate_methods() -> None:
    with pytest.raises(exceptions.MethodNotSupported, match="gear cannot be created"):
        proxy().create_gear(widget="w1", name="x")
    with pytest.raises(exceptions.MethodNotSupported, match="gear cannot be deleted"):
        proxy().delete_gear("g1", widget="w1")


def test_listing_follows_links_and_caps_items() -> None:
    service = proxy()
    script = Script(
        Reply({"widgets": [{"id": "1"}, {"id": "2"}],
               "widgets_links": [{"rel": "next", "href": "http://x/widgets?marker=2"}]}),
        Reply({"widgets": [{"id": "3"}], "links": {"next": None}}),
    )
    _, items = script.run(service.list_flow(Widget, colour="red", all_projects=True))
    assert [w.id for w in items] == ["1", "2", "3"]
    assert script.calls[0].path == "/widgets"
    assert script.calls[0].options["params"] == {"colour": "red", "all_tenants": True}
    assert script.calls[1].path == "http://x/widgets?marker=2"

    script = Script(Reply({"widgets": [{"id": "1"}, {"id": "2"}],
                           "widgets_links": [{"rel": "next", "href": "/widgets?marker=2"}]}))
    _, items = script.run(service.list_flow(Widget, max_items=1))
    assert [w.id for w in items] == ["1"] and len(script.calls) == 1


def test_listing_checks_filters_at_call_time() -> None:
    with pytest.raises(TypeError, match="does not accept 'shape'"):
        proxy().widgets(shape="round")


def test_marker_pagination_and_nested_items() -> None:
    service = proxy()
    script = Script(Reply([{"name": "a"}, {"name": "b"}]), Reply([{"name": "c"}]))
    _, items = script.run(service.list_flow(Page, limit=2))
    assert [p.name for p in items] == ["a", "b", "c"]
    assert script.calls[1].options["params"] == {"limit": 2, "marker": "b"}

    script = Script(Reply({"gears": [{"gear": {"id": "g1", "name": "g1"}}]}))
    _, items = script.run(service.list_flow(Gear, {"widget_id": "w 1"}))
    assert items[0].name == "g1"
    assert script.calls[0].path == "/widgets/w%201/gears"


def test_find_by_id_then_by_name() -> None:
    service = proxy()
    script = Script(exceptions.NotFound("no", status_code=404),
                    Reply({"widgets": [{"id": "9", "name": "w"}, {"id": "8", "name": "wx"}]}))
    found, _ = script.run(service.find_flow(Widget, "w"))
    assert found.id == "9"
    assert script.calls[1].options["params"] == {"name": "w"}

    script = Script(exceptions.NotFound("no", status_code=404),
                    Reply({"widgets": [{"id": "9", "name": "w"}, {"id": "8", "name": "w"}]}))
    with pytest.raises(exceptions.NoUniqueMatch, match="more than one widget"):
        script.run(service.find_flow(Widget, "w"))

    script = Script(exceptions.NotFound("no", status_code=404))
    with pytest.raises(exceptions.NotFound, match="no gear with a name or ID of 'x'"):
        script.run(service.find_flow(Gear, "x", ignore_missing=False,
                                     parents={"widget_id": "w"}))
    assert len(script.calls) == 1  # find_policy "id": no listing

    with pytest.raises(exceptions.OstackError, match="name or ID is needed"):
        Script().run(service.find_flow(Widget, ""))


def test_create_sends_fields_of_the_microversion_only() -> None:
    script = Script(Reply({"widget": {"id": "1", "colour": "red"}}, 201))
    created, _ = script.run(proxy("2.4").create_flow(Widget, {"colour": "red", "size": 3}))
    assert script.calls[0].options["json"] == {"widget": {"colour": "red"}}
    assert created.id == "1"
    script = Script(Reply({"widget": {"id": "1"}}, 201))
    script.run(proxy("2.5").create_flow(Widget, {"colour": "red", "size": 3}))
    assert script.calls[0].options["json"] == {"widget": {"colour": "red", "size": 3}}


def test_wait_rides_out_transient_errors_and_reports_faults() -> None:
    service = proxy()
    script = Script(Reply({"widget": {"id": "1", "status": "BUILD"}}),
                    exceptions.ServiceUnavailable("busy", status_code=503),
                    Reply({"widget": {"id": "1", "status": "ACTIVE"}}))
    done, _ = script.run(service.wait_flow(Widget, "1", status="ACTIVE", interval=0.01))
    assert done.status == "ACTIVE" and len(script.slept) == 2

    script = Script(Reply({"widget": {"id": "1", "status": "ERROR",
                                      "fault": {"message": "No valid host was found"}}}))
    with pytest.raises(exceptions.ResourceFailure, match="No valid host was found"):
        script.run(service.wait_flow(Widget, "1", status="ACTIVE"))

    script = Script(Reply({"widget": {"id": "1", "status": "DELETING"}}),
                    exceptions.NotFound("gone", status_code=404))
    gone, _ = script.run(service.wait_flow(Widget, "1", status=None, interval=0.01))
    assert gone is None

    script = Script(*[Reply({"widget": {"id": "1", "status": "BUILD"}})] * 50)
    with pytest.raises(exceptions.ResourceTimeout, match="still BUILD"):
        script.run(service.wait_flow(Widget, "1", status="ACTIVE", wait=0.0))


def test_parents_from_arguments() -> None:
    core = proxy()
    assert core.path_of(Gear, {"widget": Widget({"id": "w1"})}) == "/widgets/w1/gears"
    with pytest.raises(exceptions.OstackError, match="give widget="):
        core.path_of(Gear, {})
    assert ProxyCore.split_parents(Gear, {"widget": "a", "x": 1}) == {"widget_id": "a"}


def test_lazy_resources_load_on_first_use() -> None:
    import sys
    import types

    module = types.ModuleType("ostack_test_lazy_sprockets")

    class Sprocket(Resource):
        resource_key = "sprocket"
        resources_key = "sprockets"
        base_path = "/sprockets"
        status_attribute = None

    class SprocketActions:
        @operation
        def spin_sprocket(self, sprocket: Any) -> Any:
            resp = yield Call("POST", f"/sprockets/{sprocket}/spin")
            return resp.status_code

    module.Sprocket, module.SprocketActions = Sprocket, SprocketActions
    sys.modules[module.__name__] = module

    class LazyService(ServiceProxy):
        service_type = "widget"
        resources = (Widget,)
        lazy = (f"{module.__name__}:Sprocket", f"{module.__name__}:SprocketActions")

    assert "get_sprocket" not in LazyService.__dict__
    service = LazyService(session=None)
    assert callable(service.get_sprocket)  # loads on first use
    assert Sprocket in LazyService.resources and callable(LazyService.spin_sprocket)
    assert callable(async_twin(LazyService).spin_sprocket)
    with pytest.raises(AttributeError):
        service.no_such_method  # noqa: B018
