from search.query import search, suggest_titles
def test_smoke(indexed, alice):
    a = indexed("Kubernetes basics", body="# Intro\n\nWe deploy <script>alert(1)</script> things with blue green.\n")
    b = indexed("Zebra", body="## Kubernetes heading\n\nnothing.\n")
    for q in ["kubernetes", "kube", '"blue green"', "deploy -zebra", "zebra OR kubernetes", "alert", "Kubernetse", "'; DROP TABLE--", "🚀", "the and", '"unbalanced', "привет", "知识库"]:
        r = search(alice, q)
        print(repr(q), r.query.problem, r.total, [(h.title_html, h.snippet_html) for h in r.hits], r.suggestion, r.similar)
    print(suggest_titles(alice, "kub"))
