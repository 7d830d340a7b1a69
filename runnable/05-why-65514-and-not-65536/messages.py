"""The four kinds of message Bob tried, shared by this chapter's Python snippets."""

ARTICLE_MAXIMA = {"str": 65_514, "int": 32_726, "float": 7_278, "bool": 65_386}

MAKE = {
    "str": lambda n: "1" * n,  # n characters
    "int": lambda n: [42] * n,  # a list of n small ints
    "float": lambda n: [3.14] * n,
    "bool": lambda n: [True] * n,
}
