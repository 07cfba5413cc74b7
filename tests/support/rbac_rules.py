"""The RBAC sweep's rules: which persona the services' DEFAULT policies let through, per route.

Written from the published default policies (Keystone, Nova, Neutron, Glance, Cinder policy
references, new defaults with scope enforcement; Swift's keystoneauth with operator roles
`admin, member`), NOT from the local cloud's code: a table of (methods, route-template regex)
-> rule, most specific first, per service. `expectation()` turns a rule into one outcome per
persona: "allow" (anything but 401/403 and 5xx: a 400 or 404 after the policy check is still
an allow), "deny" (403, or 404 where the service hides other projects' resources) or "any"
(only "not 5xx").

Personas: admin, member, reader of P1; `other` (member of P2, using P1's resource ids);
`sysreader` (reader on the system).
"""

from __future__ import annotations

import re

GET = frozenset({"GET"})
WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ALL = GET | WRITE

#: service -> [(methods, regex on the declared route template, rule)], first match wins.
RULES: dict[str, list[tuple[frozenset[str], str, str]]] = {
    "identity": [
        (GET, r"^/(v3/?)?$", "public"),
        (ALL, r"^/v3/auth/", "any_authenticated"),       # tokens, catalog, own scopes
        (ALL, r"^/v3/OS-OAUTH1/(request_token|access_token|authorize)", "any"),
        (GET, r"^/v3/OS-OAUTH1/consumers", "system_reader_or_admin"),
        (ALL, r"^/v3/OS-OAUTH1/", "admin_only"),          # consumers
        (ALL, r"^/v3/OS-TRUST/trusts$", "any"),           # list filtered; create: trustor=self
        (ALL, r"^/v3/OS-TRUST/", "any_authenticated"),    # trustor/trustee (random id: 404)
        (ALL, r"^/v3/OS-FEDERATION/identity_providers/.*/auth$", "public"),
        (GET, r"^/v3/OS-FEDERATION/(projects|domains|saml2/metadata)$", "any_authenticated"),
        (ALL, r"^/v3/(ec2tokens|s3tokens|OS-SIMPLE-CERT)", "public"),
        (ALL, r"^/v3/OS-REVOKE/", "any"),
        (GET, r"^/v3/(regions|limits|registered_limits)", "any_authenticated"),
        (GET, r"^/v3/domains/\{domain_id\}$", "any_authenticated"),  # users of the domain
        (GET, r"^/v3/projects/\{project_id\}(/tags.*)?$", "project_user"),
        (frozenset({"POST"}), r"^/v3/users/\{user_id\}/password$", "any"),
        # create_application_credential is "user_id:%(user_id)s": the owner only, no admin.
        (frozenset({"POST"}), r"^/v3/users/\{user_id\}/application_credentials$",
         "owner_only"),
        (ALL, r"^/v3/users/\{user_id\}(/(projects|groups|application_credentials.*|"
              r"access_rules.*|credentials/OS-EC2.*))?$", "admin_or_owner"),
        (GET, r"^/v3/credentials", "any_authenticated"),  # filtered to the caller's own
        (frozenset({"POST"}), r"^/v3/credentials$", "any"),  # schema checked first
        (WRITE, r"^/v3/credentials/", "admin_or_owner"),
        (GET, r".", "system_reader_or_admin"),
        (WRITE, r".", "admin_only"),
    ],
    "compute": [
        (GET, r"^/(v2(\.1)?/?)?$", "public"),
        (ALL, r"^/v2\.1/os-(agents|cells|certificates|cloudpipe|fixed-ips|floating-ip-dns|"
              r"floating-ips-bulk|fping|security-group-default-rules)", "gone"),
        (WRITE, r"^/v2\.1/os-(networks|tenant-networks)", "gone"),  # nova-network: 410
        (ALL, r"^/v2\.1/(os-hypervisors|os-services|os-aggregates|os-migrations|os-hosts|"
              r"os-quota-class-sets|os-console-auth-tokens|os-instance_usage_audit_log|"
              r"os-server-external-events|os-assisted-volume-snapshots)", "admin_only"),
        (ALL, r"^/v2\.1/servers/\{server_id\}/(migrations|diagnostics)", "admin_only"),
        (GET, r"^/v2\.1/os-availability-zone/detail$", "admin_only"),
        (GET, r"^/v2\.1/os-simple-tenant-usage$", "admin_only"),
        (GET, r"^/v2\.1/flavors/\{flavor_id\}/os-flavor-access$", "admin_only"),
        (WRITE, r"^/v2\.1/flavors", "admin_only"),
        (WRITE, r"^/v2\.1/os-quota-sets/", "admin_only"),
        (GET, r"^/v2\.1/os-quota-sets/\{project_id\}/defaults$", "project_any"),
        (GET, r"^/v2\.1/(os-quota-sets|os-simple-tenant-usage)/\{project_id\}", "project_reader"),
        (GET, r"^/v2\.1/(flavors|limits|extensions|os-availability-zone|os-keypairs)",
         "project_any"),
        (WRITE, r"^/v2\.1/os-keypairs", "project_any"),   # the caller's own key pairs
        (GET, r"\{", "project_reader"),
        (GET, r".", "project_list"),
        (WRITE, r".", "project_member"),
    ],
    "network": [
        (GET, r"^/(v2\.0/?)?$", "public"),
        # Neutron filters a listing by the item policy: an admin-only kind lists empty.
        (GET, r"^/v2\.0/(agents|segments|network_segment_ranges|metering/[a-z-]+|"
              r"service_profiles|network-ip-availabilities|log/[a-z_]+)$", "admin_filtered"),
        (ALL, r"^/v2\.0/(agents|segments|network_segment_ranges|metering|service_profiles|"
              r"network-ip-availabilities|logs?\b|log/)", "admin_only"),
        (GET, r"^/v2\.0/(networks|routers)/\{id\}/(dhcp-agents|l3-agents)$", "admin_only"),
        (GET, r"^/v2\.0/quotas$", "admin_only"),
        (WRITE, r"^/v2\.0/quotas/", "admin_only"),
        (GET, r"^/v2\.0/(quotas|auto-allocated-topology)/\{project_id\}", "project_reader"),
        (WRITE, r"^/v2\.0/(qos/policies|flavors|default-security-group-rules)", "admin_only"),
        (GET, r"^/v2\.0/extensions", "any_authenticated"),  # not policed in Neutron
        (GET, r"^/v2\.0/(service-providers|availability_zones|qos/rule-types|"
              r"flavors|default-security-group-rules)", "project_any"),
        (ALL, r"^/v2\.0/security-groups-default-statefulness", "any"),
        (GET, r"\{id\}|\{[a-z_]+_id\}", "project_reader"),
        (GET, r".", "project_list"),
        (WRITE, r"^/v2\.0/[a-z_/-]+$", "project_create"),
        (WRITE, r".", "project_member"),
    ],
    "image": [
        (GET, r"^/(versions|v2/?)?$", "public"),
        (ALL, r"^/v2/(tasks|cache|info/stores/detail)", "admin_only"),
        (WRITE, r"^/v2/stores/", "admin_only"),           # delete an image from a store
        (WRITE, r"^/v2/metadefs", "admin_only"),
        (GET, r"^/v2/(schemas/|info/import$|info/stores$)", "any_authenticated"),  # no policy
        (GET, r"^/v2/(metadefs|info|stores|discovery)", "project_any"),
        (WRITE, r"^/v2/images/\{image_id\}/stores/", "admin_only"),
        (GET, r"^/v2/images$", "project_list"),
        (frozenset({"POST"}), r"^/v2/images$", "project_create"),
        (GET, r".", "project_reader"),
        (WRITE, r".", "project_member"),
    ],
    "block_storage": [
        (GET, r"^/(v3/?)?$", "public"),
        (GET, r"^/v3/\{project_id\}/?$", "public"),
        (ALL, r"/(qos-specs|os-services|clusters|os-hosts|scheduler-stats|capabilities|"
              r"manageable_volumes|manageable_snapshots|os-volume-manage|os-snapshot-manage|"
              r"workers|default-types|os-quota-class-sets)", "admin_only"),
        (ALL, r"/types/\{type_id\}/(encryption|os-volume-type-access)", "admin_only"),
        (WRITE, r"/(types|group_types)", "admin_only"),
        (ALL, r"/backups/(import_record|\{backup_id\}/export_record)", "admin_only"),
        (WRITE, r"/os-quota-sets/", "admin_only"),
        (GET, r"/os-quota-sets/\{target\}", "project_reader"),  # defaults: quotas:show
        (GET, r"/(types|group_types|limits|extensions|os-availability-zone|resource_filters)",
         "project_any"),
        (frozenset({"POST"}), r"/(os-volume-transfer|volume-transfers)/\{transfer_id\}/accept$",
         "project_any"),                                  # any project may accept a transfer
        (GET, r"\{(?!project_id)[a-z_]+\}", "project_reader"),
        (GET, r".", "project_list"),
        (WRITE, r"^/v3(/\{project_id\})?/[a-z_-]+$", "project_create"),
        (WRITE, r".", "project_member"),
    ],
    "object_store": [
        (GET, r"^/(info|healthcheck)$", "public"),
        (ALL, r".", "account_operator"),
    ],
}

#: Rules where a system-scoped token is refused (project-scoped policies, scope enforced).
PROJECT_SERVICES = {"compute", "network", "image", "block_storage"}


def rule_for(service: str, method: str, template: str) -> str:
    for methods, pattern, rule in RULES[service]:
        if method in methods and re.search(pattern, template):
            return rule
    raise AssertionError(f"no rule for {service} {method} {template}")


def expectation(service: str, rule: str, persona: str, owner: bool) -> str:
    """What `persona` gets under `rule`; `owner`: the route's user is the caller itself."""
    sys_list = "any" if service in ("network", "image") else "deny"
    table = {
        "public": dict.fromkeys(("admin", "member", "reader", "other", "sysreader"), "allow"),
        "any": dict.fromkeys(("admin", "member", "reader", "other", "sysreader"), "any"),
        "gone": dict.fromkeys(("admin", "member", "reader", "other", "sysreader"), "any"),
        "any_authenticated": dict.fromkeys(
            ("admin", "member", "reader", "other", "sysreader"), "allow"),
        "admin_only": {"admin": "allow", "member": "deny", "reader": "deny", "other": "deny",
                       "sysreader": "deny"},
        "system_reader_or_admin": {"admin": "allow", "member": "deny", "reader": "deny",
                                   "other": "deny", "sysreader": "allow"},
        "owner_only": {p: "allow" if owner else "deny"
                       for p in ("admin", "member", "reader", "other", "sysreader")},
        "admin_filtered": {"admin": "allow", "member": "empty", "reader": "empty",
                           "other": "empty", "sysreader": "empty"},
        "admin_or_owner": {p: "allow" if (owner or p == "admin") else "deny"
                           for p in ("admin", "member", "reader", "other", "sysreader")},
        "project_user": {"admin": "allow", "member": "allow", "reader": "allow",
                         "other": "deny", "sysreader": "allow"},
        # Project-scoped (sysreader refused); `other` acts on P1's ids or P1's project.
        "project_reader": {"admin": "allow", "member": "allow", "reader": "allow",
                           "other": "deny", "sysreader": "deny"},
        "project_member": {"admin": "allow", "member": "allow", "reader": "deny",
                           "other": "deny", "sysreader": "deny"},
        # Collection calls: `other` works in its own project.
        "project_any": {"admin": "allow", "member": "allow", "reader": "allow",
                        "other": "allow", "sysreader": "deny"},
        "project_list": {"admin": "allow", "member": "allow", "reader": "allow",
                         "other": "allow", "sysreader": sys_list},
        "project_create": {"admin": "allow", "member": "allow", "reader": "deny",
                           "other": "allow", "sysreader": "deny"},
        # Swift keystoneauth: an operator role on the account's project.
        "account_operator": {"admin": "allow", "member": "allow", "reader": "any",
                             "other": "deny", "sysreader": "deny"},
    }
    return table[rule][persona]


#: Path parameters filled with the fixture's real resources on reads (by service and the
#: collection before the parameter); every other parameter gets a random UUID.
REAL = {
    ("compute", "server_id"): "server", ("compute", "flavor_id"): "flavor",
    ("network", "networks"): "network", ("network", "subnets"): "subnet",
    ("network", "ports"): "port", ("network", "routers"): "router",
    ("network", "security-groups"): "sg", ("network", "agents"): "agent",
    ("image", "image_id"): "image", ("block_storage", "volume_id"): "volume",
    ("object_store", "container"): "container_name",
}
PARAM = re.compile(r"\{([a-z_]+)(:path)?\}")


def fill(service: str, template: str, method: str, ids: dict[str, str], self_id: str,
         own: str, p1: str, fresh: str) -> tuple[str, bool]:
    """A concrete path for `template`, and whether its user is the caller ("owner").

    Reads use real resources of P1; writes put a random id in the LAST parameter, so that an
    allowed write changes nothing (a 404 after the policy check) while a denied one is still
    refused; `{project_id}` stays the project (the caller's own in Cinder's URL prefix, P1
    elsewhere), except in identity, where it names the record written."""
    parts = PARAM.split(template)
    names = [m.group(1) for m in PARAM.finditer(template)]
    out, owner = template, False
    for index, match in enumerate(PARAM.finditer(template)):
        param = match.group(1)
        last = index == len(names) - 1
        before = template[:match.start()].rstrip("/").rsplit("/", 1)[-1]
        if service == "block_storage" and param == "project_id":
            value = own
        elif method != "GET" and last and not (param == "project_id" and service != "identity"):
            value = fresh
        elif param == "user_id":
            value, owner = self_id, True
        elif param in ("project_id", "target"):
            value = p1
        elif param == "group":
            value = "ldap"
        elif param == "option":
            value = "url"
        elif param == "domain_id":
            value = "default"
        elif param == "region_id":
            value = "RegionOne"
        elif param == "store_id":
            value = "fast"  # a store of the cloud's /v2/info/stores (Glance checks it first)
        elif param == "account":
            value = f"AUTH_{p1}"
        elif param == "object":
            value = "rbac-object"
        else:
            key = REAL.get((service, param)) or (REAL.get((service, before))
                                                   if param == "id" else None)
            value = ids[key] if key and method == "GET" else fresh
        out = out.replace(match.group(0), value, 1)
    del parts
    return out, owner
