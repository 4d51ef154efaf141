"""The axes' ancestors in a DAG: each listed once, at its nearest distance."""

from policy_model.graph import Hierarchy


def test_every_ancestor_once_at_its_nearest_distance():
    # legevaktlege → {lege, akuttpersonell}; lege → helsepersonell; akuttpersonell → helsepersonell, lege
    axis = Hierarchy(
        [
            ("helsepersonell", []),
            ("lege", ["helsepersonell"]),
            ("akuttpersonell", ["helsepersonell", "lege"]),
            ("legevaktlege", ["lege", "akuttpersonell"]),
            ("sykepleier", ["helsepersonell"]),
        ]
    )
    assert axis.ancestor_distances("legevaktlege") == {"lege": 1, "akuttpersonell": 1, "helsepersonell": 2}
    assert axis.ancestor_distances("helsepersonell") == {}
    assert axis.ancestor_distances("unknown") == {}
