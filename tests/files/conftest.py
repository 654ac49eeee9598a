from tests.files.samples import file_store

__all__ = ["file_store"]
