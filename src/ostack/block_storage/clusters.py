"""Clusters (3.7+, admin): volume services grouped to act as one (active-active), enabled and
disabled together."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, QueryParameters, Resource


class Cluster(Resource):
    resource_key = "cluster"
    resources_key = "clusters"
    base_path = "/clusters"
    detail_path = "/clusters/detail"
    service_type = "block-storage"
    status_attribute = None
    find_policy = "list"
    query = QueryParameters("name", "binary", "is_up", "disabled", "num_hosts",
                            "num_down_hosts", "replication_status", "frozen",
                            "active_backend_id")

    id = Field("name")
    active_backend_id = Field()
    binary = Field()
    created_at = Field()
    disabled_reason = Field()
    frozen = Field()
    last_heartbeat = Field()
    num_down_hosts = Field()
    num_hosts = Field()
    replication_status = Field()
    state = Field()
    status = Field()
    updated_at = Field()


class ClusterActions:
    """Enable and disable a cluster (openstacksdk's names)."""

    def _cluster_action(self, cluster: Any, action: str, body: dict[str, Any]) -> Flow:
        if isinstance(cluster, Cluster):
            body = {"name": cluster.name, **({"binary": cluster.binary}
                                             if cluster.binary else {}), **body}
        else:
            body = {"name": str(cluster), **body}
        resp = yield Call("PUT", f"/clusters/{action}", json=body)
        return self.one(Cluster, resp, body)

    @operation
    def enable_cluster(self, cluster: Any) -> Flow:
        """Enable scheduling on a cluster's services."""
        return (yield from self._cluster_action(cluster, "enable", {}))

    @operation
    def disable_cluster(self, cluster: Any, *, reason: str | None = None) -> Flow:
        """Disable scheduling on a cluster's services, with the reason when given."""
        body = {"disabled_reason": reason} if reason else {}
        return (yield from self._cluster_action(cluster, "disable", body))
