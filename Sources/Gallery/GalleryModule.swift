/// The embedded gallery (issue 3): the module is being built.
public enum GalleryModule {}
