# files of core/control
