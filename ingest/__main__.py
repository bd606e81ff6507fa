"""python -m ingest PATH... [--home DIR] [--drop NAME] [--rebuild] — build or update the index."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest", description="Index PDF/TXT/MD documents.")
    ap.add_argument("paths", nargs="*", help="files or folders to index")
    ap.add_argument("--home", help="index home (default: DOCQA_HOME or .docqa)")
    ap.add_argument("--collection", help="the collection to write (default: DOCQA_COLLECTION or default)")
    ap.add_argument("--drop", action="append", default=[], metavar="NAME", help="remove an indexed file by name")
    ap.add_argument("--rebuild", action="store_true", help="delete the index home first, then index PATHs")
    ap.add_argument("--force", action="store_true", help="re-index even unchanged files")
    ap.add_argument("--export", metavar="FILE", help="write the collection (with its vectors) to FILE (.jsonl.gz)")
    ap.add_argument("--import", dest="import_", metavar="FILE",
                    help="load an --export FILE into the configured backend, without re-embedding")
    ap.add_argument("--vectors-later", action="store_true",
                    help="publish tables, articles and keywords now; the vectors are filled in by the app "
                         "(or the next ingest)")
    ap.add_argument("--quiet", action="store_true", help="no progress (a bar on a terminal, one line per file in a log)")
    args = ap.parse_args(argv)

    import os

    if args.home:
        os.environ["DOCQA_HOME"] = args.home
    if args.collection:
        os.environ["DOCQA_COLLECTION"] = args.collection
    from core.settings import Settings
    settings = Settings()
    if args.rebuild:
        # the collection's own stores only: other collections, uploads and the vector cache stay
        home = settings.collection_home()
        for name in ("chroma", "bm25.json", "bm25.tmp", "structured.sqlite"):
            target = home / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    if not args.paths and not args.drop and not args.export and not args.import_:
        ap.error("give at least one PATH (or --drop NAME, --export FILE, --import FILE)")
    from core.progress import Progress
    from vectorstore.index_service import IndexService
    try:
        service = IndexService(settings)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.rebuild and settings.database_url:  # shared stores: unpublish every document first
        for d in service.documents():
            service.drop(d["source"])
    if args.import_:
        from vectorstore.transfer import import_index
        try:
            report = import_index(service, Path(args.import_))
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"imported {len(report.added) + len(report.updated)} documents ({report.chunks} chunks, "
              f"{report.kpis} KPI records) into collection {settings.collection}")
    for name in args.drop:
        print(("dropped " if service.drop(name) else "not indexed: ") + name)
    if args.paths:
        with Progress(enabled=not args.quiet) as progress:
            report = service.ingest(args.paths, progress, force=args.force, vectors_later=args.vectors_later)
        for line in report.repaired:
            print(f"repaired: {line}", file=sys.stderr)
        print(f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}; "
              f"wrote {report.chunks} chunks, {report.kpis} KPI records; index home {settings.home}")
        for path, reason in report.errors:
            print(f"error: {path}: {reason}", file=sys.stderr)
        if report.errors and not (report.added or report.updated or report.unchanged):
            return 1
    if args.export:
        from vectorstore.transfer import export_index
        n = export_index(service, Path(args.export))
        print(f"exported {n} documents of collection {settings.collection} to {args.export}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
