// context-train: the sibling training executable (issue 4). Subcommands arrive as they are built.
print("context-train: not built yet")
