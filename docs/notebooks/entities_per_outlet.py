# %% [markdown]
# # Entities per outlet per month
#
# A notebook in percent format (Jupyter, VS Code and `jupytext` open it as cells; `python`
# runs it whole). It builds a store from the repository's samples, the pages `newsmill demo`
# shows, and, when `../shared` is beside the repository, from 17,500 Telegram news posts; then
# counts which people each outlet wrote about, month by month.
#
# Needs: `pip install ./python pandas matplotlib` (from the repository root).

# %%
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import newsmill

repo = Path(__file__).resolve().parents[2] if "__file__" in globals() else Path.cwd()
store = newsmill.Store(repo / "target" / "notebook.db")
inputs = [repo / "samples"]
corpus = repo.parent / "shared" / "data" / "corpus" / "ru_news.jsonl.gz"
if corpus.exists():
    inputs.append(corpus)
summary = store.ingest(inputs)
print(summary.processed, "documents,", summary.stored, "new,", summary.skipped, "skipped")
print(store.stats())

# %% [markdown]
# `mentions` has one row per mention, with its article's outlet and publication date: the
# question is a group-by on that table alone.

# %%
mentions = store.table("mentions").to_pandas()
people = mentions[mentions["type"] == "PER"].dropna(subset=["published"]).copy()
people["month"] = people["published"].str[:7]
per_outlet_month = (
    people.groupby(["outlet", "month"])["entity"].nunique().rename("people").reset_index()
)
print(per_outlet_month.sort_values("people", ascending=False).head(10).to_string(index=False))

# %% [markdown]
# The people most written about, and by how many outlets.

# %%
top = (
    people.groupby("norm")
    .agg(mentions=("article", "size"), articles=("article", "nunique"), outlets=("outlet", "nunique"))
    .sort_values("articles", ascending=False)
    .head(10)
)
print(top.to_string())

# %% [markdown]
# Distinct people named per month by the five outlets that name the most.

# %%
busiest = people.groupby("outlet")["entity"].nunique().nlargest(5).index
table = per_outlet_month[per_outlet_month["outlet"].isin(busiest)].pivot(
    index="month", columns="outlet", values="people"
)
ax = table.plot(marker="o", figsize=(9, 4.5), title="Distinct people named per month")
ax.set_xlabel("month")
ax.set_ylabel("people")
plt.tight_layout()
out = repo / "docs" / "notebooks" / "entities_per_outlet.png"
plt.savefig(out, dpi=80)
print("plot:", out.relative_to(repo))
