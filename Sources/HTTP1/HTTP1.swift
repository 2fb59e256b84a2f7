/// HTTP/1.1 message parsing (issue 3): the module is being built.
public enum HTTP1 {}
