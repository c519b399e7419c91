
import dagster as dg

from ..config import DEFAULT_RAW, DEFAULT_WAREHOUSE
from ..store import PartStore


class WarehouseResource(dg.ConfigurableResource):
    """Where the raw letters are and where the warehouse goes (a folder or an s3:// URI)."""

    raw_dir: str = str(DEFAULT_RAW)
    warehouse: str = str(DEFAULT_WAREHOUSE)
    workers: int = 0  # 0: one per core

    def store(self) -> PartStore:
        return PartStore(self.warehouse)
