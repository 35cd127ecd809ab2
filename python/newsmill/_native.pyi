"""Type stubs of the native module. Use the ``newsmill`` package's functions instead: they take
and return Python objects; these speak JSON strings and tuples."""

from typing import List, Optional, Sequence, Tuple, Union

class Error(Exception):
    """A failure inside newsmill that is not the caller's argument."""

def extract(
    page: Union[str, bytes],
    url: Optional[str] = None,
    kind: str = "auto",
    annotate: bool = True,
    path: Optional[str] = None,
) -> str: ...
def annotate(text: str, lang: Optional[str] = None) -> str: ...

class Stream:
    def __init__(self, threads: Optional[int] = None, annotate: bool = True) -> None: ...
    def submit(
        self, items: Sequence[Tuple[str, Union[str, bytes], Optional[str], Optional[str]]]
    ) -> None: ...
    def collect(self) -> Optional[List[Tuple[bool, str]]]: ...

Cell = Union[None, int, float, str]

class Store:
    def __init__(self, path: str, read_only: bool = False) -> None: ...
    def ingest(
        self, paths: Sequence[str], batch: int = 256, threads: Optional[int] = None
    ) -> Tuple[int, int, int, int, List[str]]: ...
    def search(
        self,
        text: Optional[str] = None,
        outlet: Optional[str] = None,
        since: Optional[str] = None,
        until: Optional[str] = None,
        lang: Optional[str] = None,
        entity: Optional[str] = None,
        speaker: Optional[str] = None,
        story: Optional[int] = None,
        limit: int = 20,
        offset: int = 0,
    ) -> str: ...
    def article(self, id: str) -> Optional[str]: ...
    def stories(self, min_articles: int = 2, limit: int = 20, offset: int = 0) -> str: ...
    def story(self, id: int) -> Optional[str]: ...
    def stats(self) -> str: ...
    def table(self, name: str) -> Tuple[List[str], List[Tuple[Cell, ...]]]: ...
    def export(self, name: str, format: str, path: str) -> int: ...
