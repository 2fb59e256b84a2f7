public enum CLIPModule {}
