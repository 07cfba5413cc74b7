"""Metering, network flavors and service profiles, local IPs, NDP proxies, conntrack helpers,
default statefulness, service providers and auto-allocated topology through the SDK, sync and
async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions

DRIVER = "neutron.services.l3_router.service_providers.ha.HaDriver"


def _name() -> str:
    return f"sdk-{uuid.uuid4().hex[:8]}"


def test_metering(sdk):
    network = sdk.network
    label = network.create_metering_label(name=_name())
    try:
        rule = network.create_metering_label_rule(metering_label_id=label.id,
                                                  remote_ip_prefix="10.0.0.0/8")
        assert (rule.direction, rule.is_excluded) == ("ingress", False)
        assert [r.id for r in network.metering_label_rules(metering_label_id=label.id)] == [
            rule.id]
        assert network.find_metering_label(label.name).id == label.id
    finally:
        network.delete_metering_label(label)
    with pytest.raises(exceptions.NotFound):
        network.get_metering_label_rule(rule.id)


def test_flavors_and_profiles(sdk):
    network = sdk.network
    flavor = network.create_flavor(name=_name(), service_type="L3_ROUTER_NAT")
    profile = network.create_service_profile(driver=DRIVER)
    try:
        network.associate_flavor_with_service_profile(flavor, profile)
        assert network.get_flavor(flavor).service_profile_ids == [profile.id]
        with pytest.raises(exceptions.Conflict):
            network.delete_service_profile(profile)
        network.disassociate_flavor_from_service_profile(flavor, profile)
        assert network.update_flavor(flavor, is_enabled=False).is_enabled is False
        assert profile.id in [p.id for p in network.service_profiles()]
    finally:
        network.delete_flavor(flavor)
        network.delete_service_profile(profile)


def test_local_ips_ndp_proxies_conntrack_helpers(sdk):
    network = sdk.network
    name = _name()
    net = network.create_network(name=name)
    router = network.create_router(name=name)
    try:
        network.create_subnet(network_id=net.id, ip_version=6, cidr="fd00:79::/64")
        port = network.create_port(network_id=net.id)
        local_ip = network.create_local_ip(network_id=net.id, name=name)
        assert local_ip.local_ip_address and local_ip.ip_mode == "translate"
        association = network.create_local_ip_association(local_ip, fixed_port_id=port.id)
        assert association.fixed_ip == port.fixed_ips[0]["ip_address"]
        assert [a.fixed_port_id for a in network.local_ip_associations(local_ip)] == [port.id]
        network.delete_local_ip_association(port.id, local_ip_id=local_ip.id)
        network.delete_local_ip(local_ip)
        proxy = network.create_ndp_proxy(router_id=router.id, port_id=port.id, name=name)
        assert proxy.ip_address.startswith("fd00:79::")
        assert network.find_ndp_proxy(name).id == proxy.id
        network.delete_ndp_proxy(proxy)
        helper = network.create_conntrack_helper(router, helper="ftp", protocol="tcp",
                                                 port=21)
        helper = network.update_conntrack_helper(helper, router, port=2121)
        assert network.get_conntrack_helper(helper, router).port == 2121
        network.delete_conntrack_helper(helper, router_id=router.id)
        assert list(network.conntrack_helpers(router)) == []
    finally:
        for port in network.ports(network_id=net.id):
            network.delete_port(port)
        network.delete_router(router)
        network.delete_network(net)


def test_default_statefulness_providers_topology(sdk):
    network = sdk.network
    project = sdk.identity.find_project("demo", ignore_missing=False).id
    setting = network.create_security_groups_default_statefulness(project_id=project,
                                                                  stateful=False)
    try:
        setting = network.update_security_groups_default_statefulness(setting, stateful=True)
        assert network.get_security_groups_default_statefulness(setting).stateful is True
    finally:
        network.delete_security_groups_default_statefulness(setting)
    assert [p.service_type for p in network.service_providers()] == ["L3_ROUTER_NAT"]
    with pytest.raises(exceptions.Conflict, match="No default router:external network"):
        network.validate_auto_allocated_topology(project)
