print("context-bench")
