"""Writes notebooks/01_cleaning.ipynb (unexecuted); `make notebooks` executes it."""
import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
    md("# 01 清洗语料 · Cleaning the corpus\n\n"
       "**Question:** what is in the document folder, and what is left once page furniture, conversion debris and "
       "duplicates are taken out? Every line that cleaning removes or changes is traced to a named rule in an audit "
       "table, and the raw text stays beside the cleaned text, so a reader can check each decision.\n\n"
       "The later notebooks read the cleaned corpus this notebook writes to `data/processed/`."),
    code("# Parameters (papermill): None means the bundled seeds/ and data/processed/.\ncorpus_dir = None\noutput_dir = None", metadata={"tags": ["parameters"]}),
    code("import matplotlib.pyplot as plt\nimport pandas as pd\n\nimport helpers\nfrom helpers.cleaning_plots import plot_audit\n\n"
         "helpers.setup_fonts()\npd.set_option(\"display.max_colwidth\", 48)"),
    md("## 1. The raw corpus\n\nOne row per file: its encoding as detected, its size and, for a file that cannot be read, the reason. "
       "A bad file keeps its row and a warning names it; the rest of the corpus goes on. "
       "For a large corpus the tables below show their first 30 rows and the chart the 30 files with the most "
       "cleaning work; the full tables are in `data/processed/`."),
    code("result = helpers.load_cleaned(corpus_dir, output_dir)\nraw, docs, audit = result.raw, result.docs, result.audit\n"
         "raw.assign(chars=raw[\"text_raw\"].str.len())[[\"doc_id\", \"suffix\", \"encoding\", \"n_bytes\", \"chars\", \"problem\"]].head(30)"),
    code("print(f\"{len(raw)} files, {int((raw['problem'] != '').sum())} unreadable, \"\n      f\"{raw['n_bytes'].sum() / 1e6:.2f} MB -> {len(docs)} articles\")"),
    md("Files that could not be read, with the reason (none among the seeds; in a user's folder these are the files to look at):"),
    code("raw.loc[raw[\"problem\"] != \"\", [\"doc_id\", \"path\", \"problem\"]]"),
    md("On the bundled seeds: all five files are UTF-8, but they are far from clean: web-portal navigation and copyright footers (000), "
       "a traditional-Chinese text carrying pinyin left by a conversion tool and a last line of mojibake (001), a real-estate "
       "portal's page (002), and a download-site compilation of nine journal articles (004)."),
    md("## 2. What each rule did\n\nThe rules run in a fixed order (`helpers.CLEANING_RULES`): line edits first, then metadata is read, "
       "then lines are dropped, then a compilation is split into its articles."),
    code("helpers.CLEANING_RULES"),
    code("summary = helpers.audit_summary(audit)\nsummary.pivot_table(index=\"rule\", columns=\"action\", values=\"lines\", aggfunc=\"sum\", fill_value=0)"),
    code("plot_audit(summary)\nplt.show()"),
    md("Blank lines and whitespace dominate the counts; the rules that matter for meaning are the boilerplate families "
       "(navigation, copyright, licence, download notices), the compilation split of 004 and the conversion of 001 "
       "from traditional characters."),
    md("## 3. Before and after\n\nOne example of every rule: the line as it was, and what became of it (empty = removed)."),
    code("helpers.rule_examples(audit)[[\"doc_id\", \"line_no\", \"rule\", \"before\", \"after\"]]"),
    md("The raw text stays beside the cleaned one: here is the head of the first readable file as received (its cleaned text follows the metadata table below)."),
    code("before, after = helpers.clean.first_raw_and_clean(raw, docs)\nprint(before)"),
    md("The impurity score (after *Blueprints for Text Analytics*) is the share of characters that are neither common "
       "hanzi, Chinese punctuation nor spaces. Cleaning should lower it while keeping most of the text."),
    code("helpers.impurity_table(raw, docs).head(30)"),
    md("## 4. The articles and their metadata\n\nTitle, date (ISO 8601), outlet and author are read from the text *before* the lines that carry "
       "them are removed. Seed 004 becomes nine rows whose `parent_id` names the source file."),
    code("docs[[\"doc_id\", \"parent_id\", \"title\", \"date\", \"source\", \"author\", \"published\", \"script\", \"n_chars\"]].head(30)"),
    code("print(after)"),
    md("## 5. Saved for the next notebooks\n\nThe raw table, the articles and the audit are written as Parquet, with a manifest "
       "that records which files and rules they were built from, so a notebook never reads a stale table."),
    code("print(\"written to\", helpers.pipeline.describe_location(result))\nhelpers.pipeline.saved_files(result)"),
]
nb = nbf.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
nbf.write(nb, "notebooks/01_cleaning.ipynb")
