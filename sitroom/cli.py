"""The command line: a thin shell over runner, store and report."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import CODES, SitroomError
from .settings import describe, load_settings

DEMO_CORPUS = Path(__file__).parent / "demo" / "corpus"


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose > 1:
        level = logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitroom")
@click.option("-v", "--verbose", count=True, help="More detail (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def main(ctx, verbose, quiet):
    """sitroom: read many news reports of a conflict and show what happened, who says so, and where they disagree."""
    _setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet}


def _progress_bar(quiet: bool):
    state = {"bar": None}

    def update(done: int, total: int) -> None:
        if quiet or total <= 5:
            return
        if state["bar"] is None:
            state["bar"] = click.progressbar(length=total, label="reading articles", file=sys.stderr)
            state["bar"].__enter__()
        bar = state["bar"]
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update


def _print_summary(summary, quiet: bool) -> None:
    if quiet:
        return
    out = Path(summary.out_dir)
    click.echo(f"sitroom {__version__}: {summary.articles_in_run} article(s) in this run "
               f"({summary.articles_read} read, {summary.articles_cached} from cache), "
               f"{summary.articles_in_store} in the store, {summary.seconds:.1f} s")
    click.echo(f"  {summary.stories} stories, {summary.events} events, {summary.claims} claims, "
               f"{summary.contradictions} contradictions")
    if summary.errors:
        click.echo(f"  skipped or failed: {len(summary.errors)}")
        for e in summary.errors[:10]:
            click.echo(f"    [{e.code}] {e.path}: {e.reason} (stage {e.stage})")
        if len(summary.errors) > 10:
            click.echo(f"    … and {len(summary.errors) - 10} more in {out / 'errors.jsonl'}")
    click.echo(f"  outputs: {out}/ (events.jsonl, events.csv, claims.jsonl, contradictions.jsonl, ...)")
    click.echo(f"  store:   {summary.db_path}")
    if (out / "briefing.html").exists():
        click.echo(f"  open the briefing: {(out / 'briefing.html').resolve()}")


def _run(inputs, out, db, config, workers, engine, scheduler, no_cache, strict, quiet):
    settings = load_settings(config, workers=workers, engine=engine, scheduler=scheduler)
    if no_cache:
        settings = settings.replace(cache=False)
    from . import runner
    engine_reader = engine_linker = None
    if settings.engine == "dask":
        from .scale import dask_engine
        engine_reader, engine_linker = dask_engine.reader(settings), dask_engine.linker(settings)
    summary = runner.run(list(inputs), out, settings, db_path=db, progress=_progress_bar(quiet),
                         engine_reader=engine_reader, engine_linker=engine_linker)
    _print_summary(summary, quiet)
    if summary.articles_in_run == 0 or (strict and summary.errors):
        raise SystemExit(1)
    return summary


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Run directory to write.")
@click.option("--db", type=click.Path(dir_okay=False), help="SQLite store (default: OUT/sitroom.db). Reuse it to grow one store over many runs.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), help="TOML settings file.")
@click.option("--workers", type=int, help="Worker processes (default: one per core).")
@click.option("--engine", type=click.Choice(["local", "dask"]), help="Where per-article stages run.")
@click.option("--scheduler", help="dask.distributed scheduler address (with --engine dask).")
@click.option("--no-cache", is_flag=True, help="Re-read articles even when the store has them.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any input was skipped.")
@click.pass_context
def run(ctx, inputs, out, db, config, workers, engine, scheduler, no_cache, strict):
    """Read INPUTS (folders, files, or - for JSON Lines on stdin) and write a run directory."""
    try:
        _run(inputs, out, db, config, workers, engine, scheduler, no_cache, strict, ctx.obj["quiet"])
    except SitroomError as exc:
        click.echo(f"sitroom: {exc}", err=True)
        raise SystemExit(2)


@main.command()
@click.option("--out", "-o", default="sitroom-demo", show_default=True, type=click.Path(file_okay=False))
@click.option("--workers", type=int, help="Worker processes.")
@click.pass_context
def demo(ctx, out, workers):
    """Run the bundled demo corpus (an invented conflict) into ./sitroom-demo/."""
    try:
        _run([str(DEMO_CORPUS)], out, None, None, workers, None, None, False, False, ctx.obj["quiet"])
    except SitroomError as exc:
        click.echo(f"sitroom: {exc}", err=True)
        raise SystemExit(2)


DEFAULT_DB = "sitroom-demo/sitroom.db"


def _existing_store(db: str) -> str:
    if not Path(db).is_file():
        raise click.UsageError(f"no store at {db}; give --db PATH (a run writes OUT/sitroom.db, `sitroom demo` "
                               f"writes {DEFAULT_DB})")
    return db


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
              help="The SQLite store to browse.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep 127.0.0.1 unless you mean to share it.")
@click.option("--port", default=8765, show_default=True, type=int)
def serve(db, host, port):
    """Browse and search a store in a local web app."""
    db = _existing_store(db)
    import uvicorn
    from .web.app import create_app
    click.echo(f"sitroom: serving {db} on http://{host}:{port}/")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "geojson", "jsonl"]), default="csv", show_default=True)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False))
def export(db, fmt, out):
    """Export the store's events, claims and articles for other tools."""
    db = _existing_store(db)
    from .store import export as exporter
    paths = exporter.export(db, fmt, out)
    for p in paths:
        click.echo(str(p))


@main.command("settings")
def settings_cmd():
    """List every setting with its default and meaning."""
    for s in describe():
        click.echo(f"{s['name']:26} {s['default']!r:>14}  {s['help']}")


@main.command("codes")
def codes_cmd():
    """List the error codes."""
    for code, meaning in CODES.items():
        click.echo(f"[{code}] {meaning}")


if __name__ == "__main__":
    main()
