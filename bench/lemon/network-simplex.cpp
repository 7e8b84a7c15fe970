// LEMON NetworkSimplex on the planner's item networks, for bench/planner.bench.ts (compiled by the
// benchmark at run time; no binary is committed). Reads the instance the benchmark writes:
//   P <problems>
//   p <nodes> <arcs>            then, per problem:
//   n <node> <supply>           nonzero supplies (negative: demand)
//   a <from> <to> <cap> <cost>  cap -1: unbounded
// Solves every problem on its own (Σ per-item) and, with "whole", their disjoint union as one network.
// Prints: items <count> build_ms, build_cpu_ms, run_ms, run_cpu_ms <ms> objective <value> [and "whole" ...].
#include <lemon/list_graph.h>
#include <lemon/smart_graph.h>
#include <lemon/network_simplex.h>
#include <chrono>
#include <ctime>
#include <limits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace lemon;
typedef long long Value;

struct Arc { int from, to; Value cap, cost; };
struct Problem { int nodes; std::vector<std::pair<int, Value>> supply; std::vector<Arc> arcs; };

static double cpu_ms() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Outcome { double build_ms, build_cpu_ms, run_ms, run_cpu_ms; long double objective; bool optimal; };

static Outcome solve(const std::vector<const Problem*>& parts) {
  double t0 = now_ms();
  double c0 = cpu_ms();
  SmartDigraph g;
  int total = 0;
  for (const Problem* p : parts) total += p->nodes;
  g.reserveNode(total);
  std::vector<SmartDigraph::Node> node(total);
  for (int i = 0; i < total; i++) node[i] = g.addNode();
  SmartDigraph::ArcMap<Value> cap(g), cost(g);
  SmartDigraph::NodeMap<Value> supply(g, 0);
  int offset = 0;
  for (const Problem* p : parts) {
    for (const Arc& a : p->arcs) {
      SmartDigraph::Arc e = g.addArc(node[offset + a.from], node[offset + a.to]);
      cap.set(e, a.cap < 0 ? std::numeric_limits<Value>::max() : a.cap);
      cost.set(e, a.cost);
    }
    for (const auto& s : p->supply) supply.set(node[offset + s.first], s.second);
    offset += p->nodes;
  }
  double t1 = now_ms();
  double c1 = cpu_ms();
  NetworkSimplex<SmartDigraph, Value, Value> ns(g);
  ns.upperMap(cap).costMap(cost).supplyMap(supply);
  bool optimal = ns.run(NetworkSimplex<SmartDigraph, Value, Value>::BLOCK_SEARCH) ==
                 NetworkSimplex<SmartDigraph, Value, Value>::OPTIMAL;
  double t2 = now_ms();
  double c2 = cpu_ms();
  long double objective = optimal ? ns.template totalCost<long double>() : 0;
  return { t1 - t0, c1 - c0, t2 - t1, c2 - c1, objective, optimal };
}

int main(int argc, char** argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: %s FILE [whole]\n", argv[0]); return 2; }
  FILE* f = std::fopen(argv[1], "r");
  if (!f) { std::perror(argv[1]); return 2; }
  int count = 0;
  if (std::fscanf(f, " P %d", &count) != 1) { std::fprintf(stderr, "bad header\n"); return 2; }
  std::vector<Problem> problems(count);
  for (int k = 0; k < count; k++) {
    int nodes, arcs;
    if (std::fscanf(f, " p %d %d", &nodes, &arcs) != 2) { std::fprintf(stderr, "bad problem %d\n", k); return 2; }
    Problem& p = problems[k];
    p.nodes = nodes;
    p.arcs.reserve(arcs);
    for (;;) {
      int c = std::fgetc(f);
      while (c == ' ' || c == '\n') c = std::fgetc(f);
      if (c == 'n') {
        int v; Value s;
        if (std::fscanf(f, " %d %lld", &v, &s) != 2) return 2;
        p.supply.push_back({v, s});
      } else if (c == 'a') {
        Arc a;
        if (std::fscanf(f, " %d %d %lld %lld", &a.from, &a.to, &a.cap, &a.cost) != 4) return 2;
        p.arcs.push_back(a);
      } else {
        if (c != EOF) std::ungetc(c, f);
        break;
      }
    }
  }
  std::fclose(f);
  double build = 0, build_cpu = 0, run = 0, run_cpu = 0;
  long double objective = 0;
  for (const Problem& p : problems) {
    Outcome o = solve({&p});
    if (!o.optimal) { std::fprintf(stderr, "not optimal\n"); return 1; }
    build += o.build_ms; build_cpu += o.build_cpu_ms; run += o.run_ms; run_cpu += o.run_cpu_ms; objective += o.objective;
  }
  std::printf("items %d build_ms %.3f build_cpu_ms %.3f run_ms %.3f run_cpu_ms %.3f objective %.0Lf\n", count, build,
              build_cpu, run, run_cpu, objective);
  if (argc > 2 && std::strcmp(argv[2], "whole") == 0) {
    std::vector<const Problem*> all;
    for (const Problem& p : problems) all.push_back(&p);
    Outcome o = solve(all);
    std::printf("whole build_ms %.3f build_cpu_ms %.3f run_ms %.3f run_cpu_ms %.3f objective %.0Lf\n", o.build_ms,
                o.build_cpu_ms, o.run_ms, o.run_cpu_ms, o.objective);
  }
  return 0;
}
