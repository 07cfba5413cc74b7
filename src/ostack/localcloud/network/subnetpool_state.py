"""Subnet pools as Neutron keeps them: a compacted set of prefixes of one IP version, the
bounds of the prefix lengths a subnet may take from it, a per-project quota of addresses,
at most one default pool per IP version; and the allocation of a subnet's CIDR from a pool
(the next free prefix of the asked length, or a given CIDR still free in the pool). Part of
the network backend (`NetworkBackend.subnetpools`); the HTTP side is `subnetpools.py`."""

from __future__ import annotations

import ipaddress
import sqlite3

from ..interfaces import SYSTEM, Caller
from ..store import dumps, loads
from . import ipam
from .exceptions import NeutronError, bad_request, invalid_input
from .resources import Record, Resources, new_id, standard_attrs

# ip_version -> (bits, default min_prefixlen, bits of a quota unit: a /32, or a /64)
VERSIONS = {4: (32, 8, 32), 6: (128, 64, 64)}
BOUNDS = ("min_prefixlen", "max_prefixlen", "default_prefixlen")


def bad_subnets(message: str) -> NeutronError:
    """Neutron's BadRequest of a subnet request."""
    return bad_request(f"Bad subnets request: {message}.", "BadRequest")


def _networks(prefixes: list[str]) -> list[ipam.Network]:
    networks = []
    for text in prefixes:
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except (TypeError, ValueError):
            raise bad_request(f"Invalid input for prefixes. Reason: '{text}' is not a valid "
                              f"IP subnet.") from None
    return networks


def _prefix_update_error(message: str) -> NeutronError:
    return NeutronError(f"Illegal update to prefixes: {message}.",
                        "IllegalSubnetPoolPrefixUpdate", 400)


def _bounds_error(kind: str, length: int, base: str, base_length: int) -> NeutronError:
    return NeutronError(f"Illegal prefix bounds: {kind}={length}, {base}={base_length}.",
                        "IllegalSubnetPoolPrefixBounds", 400)


def read_pool(pool: Record) -> Record:
    """Neutron's reading of a pool (created, or updated and merged with what it was): the IP
    version of its prefixes, the prefixes compacted, the prefix bounds defaulted and checked
    (400 otherwise)."""
    if not pool["prefixes"]:
        raise NeutronError("Empty subnet pool prefix list.", "EmptySubnetPoolPrefixList", 400)
    networks = _networks(pool["prefixes"])
    version = networks[0].version
    if any(network.version != version for network in networks):
        raise NeutronError("Cannot mix IPv4 and IPv6 prefixes in a subnet pool.",
                           "PrefixVersionMismatch", 400)
    bits, default_min, _unit = VERSIONS[version]
    low = pool.get("min_prefixlen")
    low = default_min if low is None else low
    high = pool.get("max_prefixlen")
    high = bits if high is None else high
    default = pool.get("default_prefixlen")
    default = low if default is None else default
    if low > high:
        raise _bounds_error("min_prefixlen", low, "max_prefixlen", high)
    if high > bits:
        raise _bounds_error("max_prefixlen", high, "ip_version_max", bits)
    if default < low:
        raise _bounds_error("default_prefixlen", default, "min_prefixlen", low)
    if default > high:
        raise _bounds_error("default_prefixlen", default, "max_prefixlen", high)
    return {**pool, "ip_version": version, "min_prefixlen": low, "max_prefixlen": high,
            "default_prefixlen": default,
            "prefixes": [str(network) for network in ipam.compact(networks)]}


class SubnetPoolState(Resources):
    """The subnetpools table (a pool's subnets are the subnets naming it)."""

    def create(self, caller: Caller, attrs: Record) -> Record:
        self._require_write(caller, "create_subnetpool")
        project_id = attrs.get("project_id") or caller.project_id or ""
        pool = read_pool({name: attrs.get(name) for name in ("prefixes", *BOUNDS)})
        self._check_address_scope(attrs.get("address_scope_id"))
        with self._transaction() as db:
            if caller is not SYSTEM:
                self._check_quota(db, "subnetpool", project_id)
            if attrs.get("is_default"):
                self._check_no_default(db, pool["ip_version"])
            record = {
                "id": new_id(), "name": attrs["name"], "ip_version": pool["ip_version"],
                "prefixes": pool["prefixes"],
                **{name: pool[name] for name in BOUNDS},
                "default_quota": attrs.get("default_quota"),
                "address_scope_id": None, "is_default": attrs.get("is_default", False),
                "shared": attrs.get("shared", False),
                **standard_attrs(project_id, attrs.get("description", "")),
            }
            db.execute("INSERT INTO subnetpools (id, project_id, shared, data) VALUES"
                       " (?, ?, ?, ?)", (record["id"], project_id, int(record["shared"]),
                                         dumps(record)))
        return record

    def update(self, caller: Caller, pool_id: str, attrs: Record) -> Record:
        with self._transaction() as db:
            record = self._changeable(caller, "subnetpool", pool_id, "update_subnetpool")
            return self._update(db, record, attrs)

    def _update(self, db: sqlite3.Connection, record: Record, attrs: Record) -> Record:
        """Neutron's update of a pool: its prefixes may only grow, then the pool is read
        again as a whole."""
        merged = {**record, **{k: v for k, v in attrs.items() if k != "prefixes"}}
        if "prefixes" in attrs:
            wanted = _networks(attrs["prefixes"])
            if not ipam.covers(wanted, _networks(record["prefixes"])):
                raise _prefix_update_error("Existing prefixes must be a subset of the new "
                                           "prefixes")
            merged["prefixes"] = [str(network) for network in wanted]
        merged = read_pool(merged)
        if merged["is_default"] and not record["is_default"]:
            self._check_no_default(db, merged["ip_version"])
        self._check_address_scope(attrs.get("address_scope_id"))
        self._save(db, "subnetpool", merged)
        return merged

    def delete(self, caller: Caller, pool_id: str) -> None:
        with self._transaction() as db:
            self._changeable(caller, "subnetpool", pool_id, "delete_subnetpool")
            if self._allocated(db, pool_id):
                raise NeutronError("Unable to delete subnet pool: Subnet pool has existing "
                                   "allocations.", "SubnetPoolDeleteError", 400)
            db.execute("DELETE FROM subnetpools WHERE id = ?", (pool_id,))

    # ----------------------------------------------------------------- prefix operations
    def add_prefixes(self, caller: Caller, pool_id: str, prefixes: list[str]) -> list[str]:
        """`PUT .../add_prefixes`: the pool's prefixes with these merged in."""
        with self._transaction() as db:
            record = self._changeable(caller, "subnetpool", pool_id, "add_prefixes")
            return self._update(db, record, {
                "prefixes": record["prefixes"] + prefixes})["prefixes"]

    def remove_prefixes(self, caller: Caller, pool_id: str, prefixes: list[str]) -> list[str]:
        """`PUT .../remove_prefixes`: the pool's prefixes less these, unless a subnet of the
        pool uses some of the space (400); prefixes outside the pool change nothing."""
        with self._transaction() as db:
            record = self._changeable(caller, "subnetpool", pool_id, "remove_prefixes")
            current, removed = _networks(record["prefixes"]), _networks(prefixes)
            if not ipam.overlapping(current, removed):
                return record["prefixes"]
            if ipam.overlapping(self._allocated(db, pool_id), removed):
                raise _prefix_update_error("One or more the prefixes to be removed is in use "
                                           "by a subnet.")
            record["prefixes"] = [str(n) for n in ipam.without(current, removed)]
            self._save(db, "subnetpool", record)
            return record["prefixes"]

    # ----------------------------------------------------------------- subnets from pools
    def pool_for(self, caller: Caller, attrs: Record) -> Record | None:
        """The pool a subnet request names (`subnetpool_id`, or `use_default_subnetpool`
        and the default pool of its IP version), None when it names none."""
        pool_id = attrs.get("subnetpool_id")
        use_default = attrs.get("use_default_subnetpool", False)
        if pool_id and use_default:
            raise bad_subnets("subnetpool_id and use_default_subnetpool cannot both be "
                              "specified")
        if pool_id:
            return self.record("subnetpool", caller, pool_id)
        if not use_default:
            return None
        cidr = attrs.get("cidr")
        version = (ipaddress.ip_network(cidr, strict=False).version if cidr
                   else attrs["ip_version"])
        for pool in self.records("subnetpool", caller):
            if pool["is_default"] and pool["ip_version"] == version:
                return pool
        raise bad_subnets(f"No default subnetpool found for IPv{version}")

    def allocate(self, db: sqlite3.Connection, pool: Record, project_id: str,
                 cidr: ipam.Network | None, prefixlen: int | None) -> ipam.Network:
        """A subnet's CIDR from the pool: `cidr` if still free in it, else the first free
        prefix of `prefixlen` (the pool's default length when not given)."""
        length = cidr.prefixlen if cidr is not None else (
            pool["default_prefixlen"] if prefixlen is None else prefixlen)
        if length > pool["max_prefixlen"]:
            raise bad_request(f"Unable to allocate subnet with prefix length {length}, "
                              f"maximum allowed prefix is {pool['max_prefixlen']}.",
                              "MaxPrefixSubnetAllocationError")
        if length < pool["min_prefixlen"]:
            raise bad_request(f"Unable to allocate subnet with prefix length {length}, "
                              f"minimum allowed prefix is {pool['min_prefixlen']}.",
                              "MinPrefixSubnetAllocationError")
        taken = self._allocated(db, pool["id"])
        self._check_pool_quota(db, pool, project_id, length)
        free = ipam.free_blocks(_networks(pool["prefixes"]), taken)
        if cidr is not None:
            if any(cidr.subnet_of(block) for block in free):  # type: ignore[arg-type]
                return cidr
            reason = "Cannot allocate requested subnet from the available set of prefixes"
        else:
            for block in free:
                if length >= block.prefixlen:
                    return ipaddress.ip_network(f"{block.network_address}/{length}")
            reason = f"Insufficient prefix space to allocate subnet size /{length}"
        # Neutron answers this one with a 500; a conflict with the pool's state here
        raise NeutronError(f"Failed to allocate subnet: {reason}.", "SubnetAllocationError",
                           409)

    def _check_pool_quota(self, db: sqlite3.Connection, pool: Record, project_id: str,
                          length: int) -> None:
        """The pool's `default_quota`: the addresses (IPv4) or /64s (IPv6) a project may
        hold in subnets of the pool (none enforced when unset or 0)."""
        quota = pool.get("default_quota")
        if not quota:
            return
        unit = VERSIONS[pool["ip_version"]][2]
        used = sum(2.0 ** (unit - ipaddress.ip_network(s["cidr"]).prefixlen)
                   for s in self._pool_subnets(db, pool["id"]) if s["project_id"] == project_id)
        if used + 2.0 ** (unit - length) > quota:
            raise NeutronError("Per-project subnet pool prefix quota exceeded.",
                               "SubnetPoolQuotaExceeded", 409)

    # ----------------------------------------------------------------- helpers
    @staticmethod
    def _pool_subnets(db: sqlite3.Connection, pool_id: str) -> list[Record]:
        return [loads(row[0]) for row in db.execute(
            "SELECT data FROM subnets WHERE json_extract(data, '$.subnetpool_id') = ?",
            (pool_id,))]

    def _allocated(self, db: sqlite3.Connection, pool_id: str) -> list[ipam.Network]:
        return [ipaddress.ip_network(s["cidr"]) for s in self._pool_subnets(db, pool_id)]

    @staticmethod
    def _check_no_default(db: sqlite3.Connection, ip_version: int) -> None:
        for (data,) in db.execute("SELECT data FROM subnetpools"):
            pool = loads(data)
            if pool["is_default"] and pool["ip_version"] == ip_version:
                raise invalid_input("A default subnetpool for this IP family has already "
                                    "been set. Only one default may exist per IP family")

    @staticmethod
    def _check_address_scope(scope_id: str | None) -> None:
        """This cloud keeps no address scopes: a pool can only be in none."""
        if scope_id:
            raise NeutronError(f"Address scope {scope_id} could not be found.",
                               "AddressScopeNotFound", 404)
