"""`server create`: boot a server, with the official client's options, checks and output.

The boot request is assembled here (block device mappings, NICs, hints, config drive) and
sent by the SDK's `create_server`; the output merges the boot answer with the server as it
is afterwards, as the official client does (cli/server_fields.py).
"""

from __future__ import annotations

import argparse

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import ShowOne
from ostack.cli.declare import MultiKeyValueAction
from ostack.cli.server_fields import server_detail

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NIC_KEYS = ("net-id", "port-id", "v4-fixed-ip", "v6-fixed-ip")
BDM_KEYS = ("uuid", "source_type", "destination_type", "disk_bus", "device_type",
            "device_name", "volume_size", "guest_format", "boot_index",
            "delete_on_termination", "tag", "volume_type")
TRUE_WORDS = ("1", "t", "true", "on", "y", "yes")
FALSE_WORDS = ("0", "f", "false", "off", "n", "no")


class NICAction(argparse.Action):
    """--nic net-id=...,port-id=...,v4-fixed-ip=...,tag=... | auto | none; --network and
    --port are the same with one key (`key=`); --no-network / --auto-network (`const=`)."""

    def __init__(self, option_strings: list[str], dest: str, key: str | None = None,
                 const: str | None = None, **kwargs: Any) -> None:
        self.key = key
        kwargs.setdefault("default", [])
        super().__init__(option_strings, dest, nargs=0 if const else None, const=const,
                         **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        nics = getattr(namespace, self.dest, None)
        if nics is None:
            nics = []
            setattr(namespace, self.dest, nics)
        if self.const:
            nics.append(self.const)
            return
        if self.key:
            if "," in values or "=" in values:
                raise argparse.ArgumentError(self, f"Invalid argument {values}; characters "
                                                   "',' and '=' are not allowed")
            values = f"{self.key}={values}"
        elif values in ("auto", "none"):
            nics.append(values)
            return
        info = dict.fromkeys(NIC_KEYS, "")
        for part in values.split(","):
            key, _, value = part.partition("=")
            if key not in (*NIC_KEYS, "tag") or not value:
                raise argparse.ArgumentError(
                    self, f"Invalid argument {values}; argument must be of form "
                          "'net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,"
                          "v6-fixed-ip=ip-addr,tag=tag'")
            info[key] = value
        if info["net-id"] and info["port-id"]:
            raise argparse.ArgumentError(self, f"Invalid argument {values}; either 'network' "
                                               "or 'port' should be specified but not both")
        if info["v4-fixed-ip"] and info["v6-fixed-ip"]:
            raise argparse.ArgumentError(self, f"Invalid argument {values}; either "
                                               "'v4-fixed-ip' or 'v6-fixed-ip' should be "
                                               "specified but not both")
        nics.append(info)


class KeyValueAction(argparse.Action):
    """`key=value` into a dict (`--property`, `--image-property`); with `append`, a dict of
    lists (`--hint`)."""

    def __init__(self, option_strings: list[str], dest: str, append: bool = False,
                 **kwargs: Any) -> None:
        self.append = append
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        found = getattr(namespace, self.dest, None)
        if found is None:
            found = {}
            setattr(namespace, self.dest, found)
        if "=" not in values:
            raise argparse.ArgumentError(self, f"Expected 'key=value' type, but got: {values}")
        key, value = values.split("=", 1)
        if not key:
            raise argparse.ArgumentError(self, f"Property key must be specified: {values}")
        if self.append:
            found.setdefault(key, []).append(value)
        else:
            found[key] = value


class LegacyBDMAction(argparse.Action):
    """--block-device-mapping <dev-name>=<id>[:<type>[:<size>[:<delete-on-terminate>]]]."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        found = getattr(namespace, self.dest, None)
        if found is None:
            found = []
            setattr(namespace, self.dest, found)
        device, _, rest = values.partition("=")
        parts = rest.split(":") if rest else []
        if not device or not parts or len(parts) > 4:
            raise argparse.ArgumentError(self, f"Invalid argument {values}; argument must be "
                                               "of form 'dev-name=id[:type[:size[:delete-on-"
                                               "terminate]]]'")
        mapping: dict[str, Any] = {"device_name": device, "uuid": parts[0],
                                   "source_type": "volume", "destination_type": "volume"}
        if len(parts) > 1 and parts[1]:
            if parts[1] not in ("volume", "snapshot", "image"):
                raise argparse.ArgumentError(self, f"Invalid argument {values}; 'type' must "
                                                   "be one of: volume, snapshot, image")
            mapping["source_type"] = parts[1]
        if len(parts) > 2 and parts[2]:
            mapping["volume_size"] = parts[2]
        if len(parts) > 3 and parts[3]:
            mapping["delete_on_termination"] = parts[3]
        found.append(mapping)


def _require(compute: Any, version: str, message: str) -> None:
    from ostack.transport.microversions import at_least

    if not at_least(compute.microversion, version):
        raise exceptions.OstackError(message)


def _version_error(version: str, what: str) -> str:
    return f"--os-compute-api-version {version} or greater is required to support the {what}"


class CreateServer(ShowOne):
    """Create a new server."""

    name = "server create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add = parser.add_argument
        add("server_name", metavar="<server-name>", help="new server name")
        add("--flavor", metavar="<flavor>", required=True,
            help="create server with this flavor (name or ID)")
        disk = parser.add_mutually_exclusive_group()
        disk.add_argument("--image", metavar="<image>",
                          help="create server boot disk from this image (name or ID)")
        disk.add_argument("--image-property", metavar="<key=value>", action=KeyValueAction,
                          dest="image_properties",
                          help="create server using the image that matches the property")
        disk.add_argument("--volume", metavar="<volume>",
                          help="create server using this volume as the boot disk (name or ID)")
        disk.add_argument("--snapshot", metavar="<snapshot>",
                          help="create server using this snapshot as the boot disk")
        add("--boot-from-volume", metavar="<volume-size>", type=int,
            help="with --image: boot from a new volume of this size (GB) made from the image")
        add("--delete-on-termination", action="store_true", default=False,
            help="delete the boot volume when the server is deleted (--boot-from-volume)")
        add("--block-device-mapping", metavar="<dev-name=mapping>", action=LegacyBDMAction,
            default=[], help="**Deprecated** <dev-name>=<id>:<type>:<size(GB)>:<delete>")
        add("--block-device", metavar="<block-device>", action=MultiKeyValueAction,
            dest="block_devices", optional_keys=BDM_KEYS, json_files=True,
            help="a block device: a JSON file or key=value pairs (uuid, source_type ...)")
        add("--swap", metavar="<swap>", type=int,
            help="create and attach a local swap block device of <swap_size> MiB")
        add("--ephemeral", metavar="<size=size[,format=format]>", action=MultiKeyValueAction,
            dest="ephemerals", required_keys=("size",), optional_keys=("format",),
            help="create and attach a local ephemeral block device of <size> GiB")
        add("--network", metavar="<network>", dest="nics", action=NICAction, key="net-id",
            help="create a NIC on the server and connect it to network (repeatable)")
        add("--port", metavar="<port>", dest="nics", action=NICAction, key="port-id",
            help="create a NIC on the server and connect it to port (repeatable)")
        add("--no-network", dest="nics", action=NICAction, const="none",
            help="do not attach a network to the server (2.37)")
        add("--auto-network", dest="nics", action=NICAction, const="auto",
            help="automatically allocate a network to the server (2.37)")
        add("--nic", metavar="<net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,"
                             "v6-fixed-ip=ip-addr,tag=tag,auto,none>",
            dest="nics", action=NICAction, help="create a NIC on the server (repeatable)")
        add("--password", metavar="<password>",
            help="set the password to this server (this option requires cloud support)")
        groups = parser.add_mutually_exclusive_group()
        groups.add_argument("--no-security-group", dest="security_groups",
                            action="store_const", const=[],
                            help="do not associate a security group with the server's ports")
        groups.add_argument("--security-group", metavar="<security-group>", action="append",
                            dest="security_groups",
                            help="security group to associate (name or ID) (repeatable)")
        add("--key-name", metavar="<key-name>", help="keypair to inject into this server")
        add("--property", metavar="<key=value>", action=KeyValueAction, dest="properties",
            help="set a property on this server (repeatable)")
        add("--file", metavar="<dest-filename=source-filename>", action="append", default=[],
            help="file(s) to inject into image before boot (2.57 or below)")
        add("--user-data", metavar="<user-data>",
            help="user data file to serve from the metadata server")
        add("--description", metavar="<description>",
            help="set description for the server (2.19)")
        add("--availability-zone", metavar="<zone-name>",
            help="select an availability zone for the server (<zone>[:<host>[:<node>]])")
        add("--host", metavar="<host>", help="requested host to create servers (admin) (2.74)")
        add("--hypervisor-hostname", metavar="<hypervisor-hostname>",
            help="requested hypervisor hostname to create servers (admin) (2.74)")
        add("--server-group", metavar="<server-group>",
            help="server group to create the server within (--hint group=<id>)")
        add("--hint", metavar="<key=value>", action=KeyValueAction, append=True, dest="hints",
            default={}, help="hints for the scheduler")
        drive = parser.add_mutually_exclusive_group()
        drive.add_argument("--use-config-drive", action="store_true", dest="config_drive",
                           help="enable config drive")
        drive.add_argument("--no-config-drive", action="store_false", dest="config_drive",
                           help="disable config drive")
        drive.add_argument("--config-drive", metavar="<config-drive-volume>|True",
                           default=False,
                           help="**Deprecated** use the volume as config drive, or 'True'")
        add("--min", metavar="<count>", type=int, default=1,
            help="minimum number of servers to launch (default=1)")
        add("--max", metavar="<count>", type=int, default=1,
            help="maximum number of servers to launch (default=1)")
        add("--tag", metavar="<tag>", action="append", default=[], dest="tags",
            help="tags for the server (repeatable) (2.52)")
        add("--hostname", metavar="<hostname>",
            help="hostname configured for the server in the metadata service (2.90)")
        add("--wait", action="store_true", help="wait for build to complete")
        add("--trusted-image-cert", metavar="<trusted-cert-id>", action="append",
            dest="trusted_image_certs",
            help="trusted image certificate IDs (repeatable) (2.63)")

    # -- the pieces of the boot request ------------------------------------------------------
    def _find_volume_thing(self, kind: str, name: str) -> str:
        try:
            return lookups.find_id(self.conn, f"block_storage.{kind}", name)
        except (AttributeError, exceptions.EndpointNotFound):
            raise exceptions.OstackError(
                "Volume service is not available in the current cloud") from None

    def _image(self, args: argparse.Namespace) -> Any:
        conn = self.conn
        if args.image:
            image = conn.image.find_image(args.image, ignore_missing=False)
            lookups.remember_names(conn, "image.image", [image])
            return image
        if not args.image_properties:
            return None
        matched = []
        for image in conn.image.images():
            flat = {**image.raw, **(image.raw.get("properties") or {})}
            if all(k in flat and flat[k] == v for k, v in args.image_properties.items()):
                matched.append(image)
        if not matched:
            raise exceptions.OstackError(
                "No images match the property expected by --image-property")
        return matched[0]

    def _block_devices(self, args: argparse.Namespace, image: Any, volume: str | None,
                       snapshot: str | None) -> list[dict[str, Any]]:
        compute = self.conn.compute
        mappings: list[dict[str, Any]] = []
        if args.boot_from_volume:
            if not image:
                raise exceptions.OstackError("An image (--image or --image-property) is "
                                             "required to support --boot-from-volume option")
            mappings.append({"uuid": image.id, "boot_index": 0, "source_type": "image",
                             "destination_type": "volume",
                             "volume_size": args.boot_from_volume,
                             "delete_on_termination": args.delete_on_termination})
        elif image:
            mappings.append({"uuid": image.id, "boot_index": 0, "source_type": "image",
                             "destination_type": "local", "delete_on_termination": True})
        elif volume:
            mappings.append({"uuid": volume, "boot_index": 0, "source_type": "volume",
                             "destination_type": "volume"})
        elif snapshot:
            mappings.append({"uuid": snapshot, "boot_index": 0, "source_type": "snapshot",
                             "destination_type": "volume", "delete_on_termination": False})
        if args.swap:
            mappings.append({"boot_index": -1, "source_type": "blank",
                             "destination_type": "local", "guest_format": "swap",
                             "volume_size": args.swap, "delete_on_termination": True})
        for eph in args.ephemerals:
            mapping = {"boot_index": -1, "source_type": "blank", "destination_type": "local",
                       "delete_on_termination": True, "volume_size": eph["size"]}
            if "format" in eph:
                mapping["guest_format"] = eph["format"]
            mappings.append(mapping)
        for mapping in args.block_device_mapping:
            source = mapping["source_type"]
            if source in ("volume", "snapshot"):
                mapping["uuid"] = self._find_volume_thing(source, mapping["uuid"])
            elif source == "image":
                mapping["uuid"] = self.conn.image.find_image(mapping["uuid"],
                                                             ignore_missing=False).id
            mappings.append(mapping)
        for mapping in args.block_devices:
            mappings.append(self._block_device(compute, mapping))
        if not any(m.get("boot_index") == 0 for m in mappings):
            raise exceptions.OstackError(
                "An image (--image, --image-property) or bootable volume (--volume, "
                "--snapshot, --block-device) is required")
        return mappings

    @staticmethod
    def _block_device(compute: Any, mapping: dict[str, Any]) -> dict[str, Any]:
        if "boot_index" in mapping:
            try:
                mapping["boot_index"] = int(mapping["boot_index"])
            except ValueError:
                raise exceptions.OstackError(
                    "The boot_index key of --block-device should be an integer") from None
        if "tag" in mapping:
            _require(compute, "2.42", _version_error("2.42", "tag key of --block-device"))
        if "volume_type" in mapping:
            _require(compute, "2.67", _version_error("2.67", "volume_type key of "
                                                             "--block-device"))
        source = mapping.setdefault("source_type", "blank")
        if source not in ("volume", "image", "snapshot", "blank"):
            raise exceptions.OstackError("The source_type key of --block-device should be "
                                         "one of: volume, image, snapshot, blank")
        if "destination_type" in mapping:
            if mapping["destination_type"] not in ("local", "volume"):
                raise exceptions.OstackError("The destination_type key of --block-device "
                                             "should be one of: local, volume")
        else:
            mapping["destination_type"] = "local" if source == "blank" else "volume"
        if "delete_on_termination" in mapping:
            value = str(mapping["delete_on_termination"]).strip().lower()
            if value not in TRUE_WORDS + FALSE_WORDS:
                raise exceptions.OstackError("The delete_on_termination key of --block-device "
                                             "should be a boolean-like value")
            mapping["delete_on_termination"] = value in TRUE_WORDS
        elif mapping["destination_type"] == "local":
            mapping["delete_on_termination"] = True
        return mapping

    def _networks(self, args: argparse.Namespace) -> str | list[dict[str, str]] | None:
        compute = self.conn.compute
        nics = args.nics or []
        if "auto" in nics or "none" in nics:
            if len(nics) > 1:
                raise exceptions.OstackError(
                    "Specifying a --nic of auto or none cannot be used with any other --nic, "
                    "--network or --port value.")
            _require(compute, "2.37", "--os-compute-api-version 2.37 or greater is required "
                                      "to support explicit auto-allocation of a network or "
                                      "to disable network allocation")
            return nics[0]
        networks = []
        for nic in nics:
            if nic.get("tag"):
                _require(compute, "2.43", "--os-compute-api-version 2.43 or greater is "
                                          "required to support the --nic tag field")
            network: dict[str, str] = {}
            if nic["net-id"]:
                network["uuid"] = self._network_id("network.network", nic["net-id"])
            if nic["port-id"]:
                network["port"] = self._network_id("network.port", nic["port-id"])
            fixed = nic["v4-fixed-ip"] or nic["v6-fixed-ip"]
            if fixed:
                network["fixed_ip"] = fixed
            if nic.get("tag"):
                network["tag"] = nic["tag"]
            networks.append(network)
        from ostack.transport.microversions import at_least

        if not nics and at_least(compute.microversion, "2.37"):
            return "auto"
        return networks

    def _network_id(self, what: str, name: str) -> str:
        try:
            return lookups.find_id(self.conn, what, name)
        except exceptions.EndpointNotFound:
            return name

    def _security_groups(self, args: argparse.Namespace) -> list[dict[str, str]] | None:
        if args.security_groups is None:
            return None
        groups = []
        for group in args.security_groups:
            try:
                groups.append({"name": lookups.find_id(self.conn, "network.security_group",
                                                       group)})
            except exceptions.EndpointNotFound:
                groups.append({"name": group})
        return groups

    def _config_drive(self, args: argparse.Namespace) -> Any:
        value = args.config_drive
        if isinstance(value, bool):
            return value or None
        text = str(value).lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0", "", "none"):
            return None
        return value

    def _user_data(self, args: argparse.Namespace) -> bytes | None:
        if not args.user_data:
            return None
        try:
            with open(args.user_data, "rb") as fh:
                return fh.read()
        except OSError as exc:
            raise exceptions.OstackError(f"Can't open '{args.user_data}': {exc}") from None

    # -- the command --------------------------------------------------------------------------
    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        conn = self.conn
        compute = conn.compute
        image = self._image(args)
        volume = snapshot = None
        if args.volume:
            if args.boot_from_volume:
                raise exceptions.OstackError("--volume is not allowed with --boot-from-volume")
            volume = self._find_volume_thing("volume", args.volume)
        if args.delete_on_termination and not args.boot_from_volume:
            raise exceptions.OstackError(
                "--delete-on-termination can only be used with --boot-from-volume")
        if args.snapshot:
            if args.boot_from_volume:
                raise exceptions.OstackError(
                    "--snapshot is not allowed with --boot-from-volume")
            snapshot = self._find_volume_thing("snapshot", args.snapshot)
        flavor = compute.find_flavor(args.flavor, ignore_missing=False)
        if args.file:
            from ostack.transport.microversions import at_least

            if at_least(compute.microversion, "2.57"):
                raise exceptions.OstackError(
                    "Personality files are deprecated and are not supported for "
                    "--os-compute-api-version greater than 2.56; use user data instead")
        if args.min > args.max:
            raise exceptions.OstackError("min instances should be <= max instances")
        if args.min < 1:
            raise exceptions.OstackError("min instances should be > 0")
        if args.max < 1:
            raise exceptions.OstackError("max instances should be > 0")
        user_data = self._user_data(args)
        if args.description:
            _require(compute, "2.19", "--os-compute-api-version 2.19 or greater is required "
                                      "to support the --description option")
        mappings = self._block_devices(args, image, volume, snapshot)
        if args.boot_from_volume:
            image = None
        networks = self._networks(args)
        groups = self._security_groups(args)
        hints = {k: v[0] if len(v) == 1 else v for k, v in args.hints.items()}
        if args.server_group:
            hints["group"] = lookups.find_id(conn, "compute.server_group", args.server_group)
        attrs: dict[str, Any] = {"min_count": args.min, "max_count": args.max}
        for option, attr in (("description", "description"),
                             ("availability_zone", "availability_zone"),
                             ("password", "admin_password"), ("properties", "metadata"),
                             ("key_name", "key_name")):
            if getattr(args, option):
                attrs[attr] = getattr(args, option)
        if args.file:
            attrs["personality"] = [self._personality(item) for item in args.file]
        if groups is not None:
            attrs["security_groups"] = groups
        if mappings:
            attrs["block_device_mapping"] = mappings
        config_drive = self._config_drive(args)
        if config_drive is not None:
            attrs["config_drive"] = config_drive
        for option, attr, version in (("tags", "tags", "2.52"), ("host", "host", "2.74"),
                                      ("hypervisor_hostname", "hypervisor_hostname", "2.74"),
                                      ("hostname", "hostname", "2.90")):
            if getattr(args, option):
                flag = "--tag" if option == "tags" else "--" + option.replace("_", "-")
                _require(compute, version, _version_error(version, f"{flag} option"))
                attrs[attr] = getattr(args, option)
        if args.trusted_image_certs:
            if not (image and not args.boot_from_volume):
                raise exceptions.OstackError("--trusted-image-cert option is only supported "
                                             "for servers booted directly from images")
            _require(compute, "2.63", _version_error("2.63", "--trusted-image-cert option"))
            attrs["trusted_image_certificates"] = args.trusted_image_certs
        created = compute.create_server(
            args.server_name, image=image.id if image else "", flavor=flavor.id,
            networks=networks, user_data=user_data, scheduler_hints=hints or None,
            describe=False, **attrs)
        if args.wait:
            from ostack.cli import progress

            try:
                progress.wait_for(compute, created, "ACTIVE")
            except exceptions.ResourceFailure as exc:
                raise exceptions.OstackError(
                    f"Error creating server: {args.server_name} ({exc})") from None
            except exceptions.OstackError as exc:  # the deadline, or errors that outlasted it
                raise exceptions.OstackError(
                    f"Error waiting for server {args.server_name} (ID {created.id}), which "
                    f"was created: {exc}") from None
        # The server as it is now, merged with what was asked and answered, as the official
        # client shows it.
        return server_detail(conn, compute.get_server(created.id), created=created)

    @staticmethod
    def _personality(item: str) -> dict[str, str]:
        import base64

        dest, _, source = item.partition("=")
        try:
            with open(source, "rb") as fh:
                return {"path": dest, "contents": base64.b64encode(fh.read()).decode()}
        except OSError as exc:
            raise exceptions.OstackError(f"Can't open '{source}': {exc}") from None
