#include "report/report_html.h"

#include <mstch/mstch.hpp>

#include "report/resources.h"

namespace wfsim::report {
namespace {

// mstch turns a `const char*` into a bool: every string goes in as one.
mstch::node str(const std::string& s) {
  return mstch::node{s};
}

mstch::map table_node(const Table& t) {
  mstch::array head, rows;
  for (const std::string& h : t.head) head.push_back(mstch::map{{"text", str(h)}});
  for (const Row& r : t.rows) {
    mstch::array cells;
    for (const Cell& c : r.cells)
      cells.push_back(
          mstch::map{{"text", str(c.text)}, {"value", str(exact(c.value))}, {"class", str(c.css)}});
    // Every key is set at every level, so that no lookup falls through to
    // an enclosing context's key of the same name.
    rows.push_back(mstch::map{
        {"lead", mstch::map{{"text", str(r.lead)}}}, {"cells", cells}, {"class", str(r.css)}});
  }
  return mstch::map{
      {"table_id", str(t.id)}, {"caption", str(t.caption)}, {"head", head}, {"rows", rows}};
}

mstch::array tables_node(const std::vector<Table>& tables) {
  mstch::array out;
  for (const Table& t : tables) out.push_back(table_node(t));
  return out;
}

// JSON inside <script> must not close the element: "</" becomes "<\/".
std::string script_safe(std::string json) {
  for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3))
    json.replace(at, 2, "<\\/");
  return json;
}

}  // namespace

std::string render_html(const Document& doc) {
  nlohmann::json charts = nlohmann::json::object();
  mstch::map root{{"title", str(doc.title)},
                  {"subtitle", str(doc.subtitle)},
                  {"footer", str(doc.footer)},
                  {"version", str(WFSIM_VERSION)},
                  {"css", str(std::string(resource(Resource::report_css)))},
                  {"chart_js", str(std::string(resource(Resource::chart_js)))},
                  {"report_js", str(std::string(resource(Resource::report_js)))}};

  mstch::array toc;
  auto entry = [&](const std::string& id, const std::string& text) {
    toc.push_back(mstch::map{{"id", str(id)}, {"text", str(text)}});
  };
  entry("headline", "Headline");
  if (doc.has_comparison) entry("comparison", "Against the alternative");
  entry("flags", "Flags");
  if (doc.has_variants) entry("variants", "Sweep variants");
  if (doc.national) {
    entry("systems", "Systems compared");
    entry("pools", "Pools");
  }
  entry("groups", "Staff groups");
  entry("money", "Money");
  entry("levers", "Levers");
  for (const auto& e : doc.extra) entry("extra-" + e.name, e.title);
  entry("provenance", "Provenance");
  root["toc"] = toc;

  const Headline& h = doc.headline;
  mstch::array cards;
  for (std::size_t i = 0; i < doc.cards.size(); ++i)
    cards.push_back(mstch::map{{"id", str(doc.card_ids[i])},
                               {"label", str(doc.card_labels[i])},
                               {"text", str(doc.cards[i].text)},
                               {"value", str(exact(doc.cards[i].value))},
                               {"class", str(doc.cards[i].css)}});
  mstch::map headline{{"system", str(h.system)},
                      {"period", str(h.period)},
                      {"workforce_verdict", str(h.workforce_verdict)},
                      {"funding_verdict", str(h.funding_verdict)},
                      {"money_verdict", str(h.money_verdict)},
                      {"cards", cards},
                      {"has_largest", !doc.largest.rows.empty()}};
  if (!doc.largest.rows.empty()) headline["largest"] = table_node(doc.largest);
  root["headline"] = headline;

  if (doc.has_comparison)
    root["comparison"] = mstch::map{{"note", str(doc.comparison_note)},
                                    {"table", table_node(doc.comparison)},
                                    {"groups", tables_node(doc.comparison_groups)}};
  mstch::map flags{{"note", str(doc.flags_note)}};
  if (!doc.flags.rows.empty()) flags["table"] = table_node(doc.flags);
  root["flags"] = flags;
  if (doc.has_variants)
    root["variants"] =
        mstch::map{{"note", str(doc.variants_note)}, {"table", table_node(doc.variants)}};
  if (doc.national) {
    mstch::array multiples;
    for (std::size_t i = 0; i < doc.multiples.size(); ++i) {
      const Chart& c = doc.multiples[i];
      charts[c.id] = c.spec;
      multiples.push_back(mstch::map{
          {"chart_id", str(c.id)}, {"alt", str(c.alt)}, {"name", str(doc.multiple_names[i])}});
    }
    root["national"] = mstch::map{{"note", str(doc.systems_note)},
                                  {"table", table_node(doc.systems)},
                                  {"multiples", multiples},
                                  {"pools_note", str(doc.pools_note)},
                                  {"pools", tables_node(doc.pools)}};
  }

  root["groups_note"] = str(doc.groups_note);
  mstch::array groups;
  for (const GroupSection& g : doc.groups) {
    charts[g.chart.id] = g.chart.spec;
    groups.push_back(mstch::map{{"id", str(g.id)},
                                {"name", str(g.name)},
                                {"chart_id", str(g.chart.id)},
                                {"alt", str(g.chart.alt)},
                                {"caption", str(g.chart.caption)},
                                {"table", table_node(g.table)}});
  }
  root["groups"] = groups;

  charts[doc.money_chart.id] = doc.money_chart.spec;
  charts[doc.temporary_chart.id] = doc.temporary_chart.spec;
  root["money"] = mstch::map{{"note", str(doc.money_note)},
                             {"temporary_id", str(doc.temporary_chart.id)},
                             {"temporary_alt", str(doc.temporary_chart.alt)},
                             {"temporary_caption", str(doc.temporary_chart.caption)},
                             {"chart_id", str(doc.money_chart.id)},
                             {"alt", str(doc.money_chart.alt)},
                             {"caption", str(doc.money_chart.caption)},
                             {"table", table_node(doc.money)}};
  root["levers"] = mstch::map{{"note", str(doc.levers_note)}, {"tables", tables_node(doc.levers)}};

  mstch::array extra;
  for (const auto& e : doc.extra) {
    mstch::array strings;
    for (const auto& [name, values] : e.strings) {
      mstch::array v;
      for (const std::string& s : values) v.push_back(str(s));
      strings.push_back(mstch::map{{"name", str(name)}, {"values", v}});
    }
    extra.push_back(mstch::map{{"name", str(e.name)},
                               {"title", str(e.title)},
                               {"note", str(e.note)},
                               {"strings", strings},
                               {"tables", tables_node(e.tables)}});
  }
  root["extra"] = extra;

  mstch::map provenance{{"note", str(doc.provenance_note)}, {"table", table_node(doc.provenance)}};
  if (!doc.resolved_text.empty())
    provenance["resolved"] =
        mstch::map{{"file", str(doc.resolved_file)}, {"text", str(doc.resolved_text)}};
  root["provenance"] = provenance;
  root["charts_json"] = str(script_safe(charts.dump()));

  return mstch::render(std::string(resource(Resource::report_html)), root,
                       {{"table", std::string(resource(Resource::table_html))}});
}

}  // namespace wfsim::report
