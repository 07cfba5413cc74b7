"""Cloud configuration: clouds.yaml, secure.yaml, `OS_*` variables and options -> CloudConfig."""

from ostack.config.cloud_config import CloudConfig, load

__all__ = ["CloudConfig", "load"]
