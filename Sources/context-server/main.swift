print("context-server")
